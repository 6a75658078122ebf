import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

/// `herald audit verify` and `herald audit anchor` against a log someone tampered with.
@Suite(.timeLimit(.minutes(5))) struct AuditCLITests {
    static let recipients = """
        user_id,first_name,tier,region,language
        1,Ann,premium,EU,en
        2,Bob,free,US,en
        3,Cy,premium,US,pt

        """

    func importRecipients(_ db: TestDatabase) async throws {
        let imported = try await herald(db, "recipients", "import", try temporaryFile(Self.recipients))
        try #require(imported.status == 0, "\(imported.stderr)")
    }

    @Test func verifyFailsOnARowTamperedThroughTheEscapeHatch() async throws {
        try await TestDatabase.with { db in
            try await importRecipients(db)
            #expect(try await herald(db, "audit", "verify").status == 0)
            try await db.rewriter().execute(
                #"UPDATE herald.events SET data = jsonb_set(data, '{first_name}', '"Eve"') WHERE position = 2"#)
            let failed = try await herald(db, "audit", "verify")
            #expect(failed.status == 1)
            #expect(failed.stderr.contains("the hash at position 2 does not match its event"), "\(failed.stderr)")
        }
    }

    @Test func anAnchorCatchesACutTailThatTheChainCannot() async throws {
        try await TestDatabase.with { db in
            try await importRecipients(db)
            let key = ["HERALD_AUDIT_KEY": "kept-elsewhere"]
            let environment = ["HERALD_DATABASE_URL": db.url].merging(key) { $1 }
            let printed = try await HeraldProcess.run(["audit", "anchor"], environment: environment)
            let line = printed.stdout.trimmingCharacters(in: .newlines)
            #expect(printed.status == 0, "\(printed.stderr)")
            #expect(line.hasPrefix("herald-anchor v1 position=3 hash=") && line.contains(" hmac="), "\(line)")

            let intact = try await HeraldProcess.run(["audit", "verify", "--anchor", line], environment: environment)
            #expect(intact.status == 0, "\(intact.stderr)")
            #expect(intact.stdout.contains("extends 1 anchor"))

            try await db.rewriter().execute("DELETE FROM herald.events WHERE position = 3")
            #expect(try await herald(db, "audit", "verify").status == 0, "the chain alone cannot see a cut tail")
            let cut = try await HeraldProcess.run(["audit", "verify", "--anchor", line], environment: environment)
            #expect(cut.status == 1)
            #expect(cut.stderr.contains("before the anchor at position 3"), "\(cut.stderr)")
        }
    }

    @Test func aForgedOrUnsignedAnchorIsRefusedWhenAKeyIsSet() async throws {
        try await TestDatabase.with { db in
            try await importRecipients(db)
            let unsigned = try await herald(db, "audit", "anchor").stdout.trimmingCharacters(in: .newlines)
            let environment = ["HERALD_DATABASE_URL": db.url, "HERALD_AUDIT_KEY": "kept-elsewhere"]
            let stripped = try await HeraldProcess.run(
                ["audit", "verify", "--anchor", unsigned], environment: environment)
            #expect(stripped.status == 1)
            #expect(stripped.stderr.contains("carries no HMAC"), "\(stripped.stderr)")

            let forged = try await HeraldProcess.run(
                ["audit", "verify", "--anchor", unsigned + " hmac=" + String(repeating: "00", count: 32)],
                environment: environment)
            #expect(forged.status == 1)
            #expect(forged.stderr.contains("does not match its HMAC"), "\(forged.stderr)")
        }
    }
}
