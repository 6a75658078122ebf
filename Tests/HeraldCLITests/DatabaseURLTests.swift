import Foundation
import HeraldTestSupport
import Testing

/// Passing the database URL without showing a password to `ps`.
@Suite(.timeLimit(.minutes(5))) struct DatabaseURLTests {
    @Test func aURLFileConfiguresTheDatabase() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let file = try temporaryFile(db.url + "\n", suffix: "url")
            let outcome = try await HeraldProcess.run(
                ["migrate", "--database-url-file", file], environment: ["HERALD_DATABASE_URL": ""])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stderr.isEmpty)
        }
    }

    @Test func aPasswordOnTheCommandLineWorksWithAOneLineWarning() async throws {
        try await TestDatabase.with(migrated: false) { db in
            // The test cluster trusts local connections, so any password gets in.
            let secret = "s3cret-in-argv"
            let url = try #require(
                db.url.contains("user='postgres'")
                    ? db.url.replacingOccurrences(of: "user='postgres'", with: "user='postgres' password='\(secret)'")
                    : nil)
            let outcome = try await HeraldProcess.run(["migrate", "--database-url", url])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let lines = outcome.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains("carries a password"), "\(outcome.stderr)")
            #expect(lines[0].contains("--database-url-file"))
            #expect(!outcome.stderr.contains(secret))

            let plain = try await HeraldProcess.run(["migrate", "--database-url", db.url])
            #expect(plain.status == 0 && plain.stderr.isEmpty, "\(plain.stderr)")
        }
    }
}
