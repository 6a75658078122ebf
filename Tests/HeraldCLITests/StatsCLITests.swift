import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

/// `herald stats` and `herald conversion mark` through the built binary. Delivery outcomes and
/// clicks are appended as the dispatcher and the update handler record them.
@Suite(.timeLimit(.minutes(5))) struct StatsCLITests {
    let csv = "user_id,first_name,tier\n1,Ann,premium\n2,Bob,premium\n3,Cy,premium\n4,Di,free\n"
    let metadata = CommandMetadata(actor: "test:stats")

    /// Recipients, a template with two buttons, and a broadcast sent to the three premium users.
    func sentBroadcast(_ db: TestDatabase) async throws -> String {
        #expect(try await herald(db, "recipients", "import", try temporaryFile(csv)).status == 0)
        let template = try await herald(
            db, "template", "create", "--name", "promo", "--text", "Hi {{ first_name }}", "--button",
            "Buy|callback:buy",
            "--button", "Site|https://example.com/sale")
        #expect(template.status == 0, "\(template.stderr)")
        let created = try await herald(
            db, "broadcast", "create", "--title", "Spring sale", "--template", "promo", "--cohort",
            #"{"tier": "premium"}"#, "--now")
        #expect(created.status == 0, "\(created.stderr)")
        return created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func append(_ store: EventStore, _ events: [any DomainEvent]) async throws {
        try await store.append(try events.map { try NewEvent($0, metadata: try metadata.jsonb) })
    }

    @Test func statsOfABroadcastAndTheDashboard() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let idText = try await sentBroadcast(db)
            let id = try #require(UUID(uuidString: idText))
            try await append(
                store,
                [
                    MessageSent(broadcastID: id, userID: 1, chatID: 1, messageID: 10),
                    MessageSent(broadcastID: id, userID: 2, chatID: 2, messageID: 11),
                    MessageFailed(
                        broadcastID: id, userID: 3, chatID: 3, errorClass: .recipientGone, code: 403,
                        description: "Forbidden: bot was blocked by the user", permanent: true),
                ])
            let clicks = ClickRecorder(store: store, metadata: metadata)
            for (user, button) in [(1, "buy"), (1, "buy"), (1, "site"), (2, "buy"), (1, "buy")] {
                try await clicks.record(
                    CTAClicked(broadcastID: id, userID: Int64(user), button: button, source: .callback))
            }
            let marked = try await herald(
                db, "conversion", "mark", "--broadcast", idText, "--recipient", "1", "--value", "19.99", "--goal",
                "purchase")
            #expect(marked.status == 0, "\(marked.stderr)")

            let shown = try await herald(db, "stats", idText, "--json")
            #expect(shown.status == 0, "\(shown.stderr)")
            let stats = try jsonObject(shown.stdout)
            #expect(stats["title"] as? String == "Spring sale")
            #expect(stats["status"] as? String == "sending")
            for (key, value) in [
                ("audience", 3), ("sent", 2), ("failed", 1), ("blocked", 1), ("unknown", 0), ("pending", 0),
                ("unique_clickers", 2), ("taps", 5), ("conversions", 1),
            ] {
                #expect(stats[key] as? Int == value, "\(key)")
            }
            #expect(stats["failed_by_class"] as? [String: Int] == ["recipient_gone": 1])
            #expect(stats["conversion_value"] as? Double == 19.99)
            #expect(stats["ctr"] as? Double == 1.0)
            #expect(stats["conversion_rate"] as? Double == 0.5)
            let buttons = try #require(stats["buttons"] as? [[String: Any]])
            #expect(buttons.map { $0["button"] as? String } == ["buy", "site"])
            #expect(buttons.map { $0["label"] as? String } == ["Buy", "Site"])
            #expect(buttons.map { $0["unique_clicks"] as? Int } == [2, 1])
            #expect(buttons.map { $0["taps"] as? Int } == [4, 1])

            let draft = try await herald(
                db, "broadcast", "create", "--title", "Later", "--template", "promo", "--cohort", "{}")
            #expect(draft.status == 0, "\(draft.stderr)")
            let dashboard = try await herald(db, "stats", "--json")
            let rows = try dashboard.stdout.split(separator: "\n").map(jsonObject)
            #expect(rows.map { $0["title"] as? String } == ["Later", "Spring sale"])
            #expect(rows.first?["sent"] as? Int == 0)
            #expect(rows.first?["ctr"] == nil)

            let table = try await herald(db, "stats")
            #expect(table.status == 0, "\(table.stderr)")
            let lines = table.stdout.split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines.first?.hasPrefix("BROADCAST") == true)
            #expect(lines.last?.contains("100.0%") == true && lines.last?.contains("50.0%") == true)
        }
    }

    @Test func conversionRefusalsAppendNothingAndSayWhy() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let id = try await sentBroadcast(db)
            let used = UUID().uuidString.lowercased()
            let mark = ["conversion", "mark", "--broadcast", id, "--recipient"]
            let first = try await HeraldProcess.run(
                mark + ["2", "--id", used], environment: ["HERALD_DATABASE_URL": db.url])
            #expect(first.status == 0, "\(first.stderr)")
            let draft = try await herald(
                db, "broadcast", "create", "--title", "Later", "--template", "promo", "--cohort", "{}")
            let draftID = draft.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let head = try await store.head()
            let unknown = UUID().uuidString.lowercased()
            let cases: [(arguments: [String], says: String)] = [
                (mark + ["99"], "unknown recipient 99"),
                (mark + ["4"], "recipient 4 was not in the broadcast's audience"),
                (mark + ["2", "--id", used], "conversion \(used) is marked already"),
                (mark + ["1", "--value", "lots"], "lots is not an amount"),
                (mark + ["1", "--value", "-5"], "must be a number from 0 to 1000000000"),
                (mark + ["1", "--goal", "Big Sale"], #"goal "Big Sale" must be"#),
                (mark + ["1", "--value", "1.7e308"], "must be a number from 0 to 1000000000"),
                (mark + ["1", "--value", "1000000000.01"], "must be a number from 0 to 1000000000"),
                (mark + ["bob"], "bob is not a recipient id"),
                (mark + ["1", "--id", "x"], "x is not a conversion id"),
                (["conversion", "mark", "--broadcast", unknown, "--recipient", "1"], "unknown broadcast"),
                (["conversion", "mark", "--broadcast", draftID, "--recipient", "1"], "a broadcast that is draft"),
                (["conversion", "mark", "--broadcast", "nope", "--recipient", "1"], "nope is not a broadcast id"),
                (["stats", unknown], "no broadcast \(unknown)"),
            ]
            for (arguments, says) in cases {
                let outcome = try await HeraldProcess.run(arguments, environment: ["HERALD_DATABASE_URL": db.url])
                #expect(outcome.status != 0, "\(arguments) succeeded")
                #expect(outcome.stderr.contains(says), "\(arguments): \(outcome.stderr)")
                #expect(outcome.stderr.split(separator: "\n").count == 1, "\(arguments): \(outcome.stderr)")
            }
            #expect(try await store.head() == head)
        }
    }
}
