import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

/// Rotations through the built binary: set up, listed and shown with their next run, paused and
/// resumed, and every refusal.
@Suite(.timeLimit(.minutes(5))) struct RotationCLITests {
    /// `rotation create` of promo and teaser to two chats, with the name, interval and start given.
    func create(_ name: String = "daily", every: String = "4h", start: String = "2099-01-01T09:00:00Z") -> [String] {
        [
            "rotation", "create", "--name", name, "--every", every, "--chat", "-1001234", "--chat=-1005678",
            "--template", "promo", "--template", "teaser", "--start", start,
        ]
    }

    /// Two templates, as an operator would write them.
    func prepare(_ db: TestDatabase) async throws {
        for (name, text) in [("promo", "Buy now"), ("teaser", "Coming soon"), ("old", "Gone")] {
            #expect(try await herald(db, "template", "create", "--name", name, "--text", text).status == 0)
        }
        #expect(try await herald(db, "template", "archive", "old").status == 0)
    }

    func run(_ db: TestDatabase, _ arguments: [String]) async throws -> HeraldProcess.Outcome {
        try await HeraldProcess.run(arguments, environment: ["HERALD_DATABASE_URL": db.url])
    }

    func shown(_ db: TestDatabase, _ rotation: String) async throws -> [String: Any] {
        let outcome = try await herald(db, "rotation", "show", rotation, "--json")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try jsonObject(outcome.stdout)
    }

    @Test func createListsAndShowsTheNextRunAndTemplate() async throws {
        try await TestDatabase.with { db in
            try await prepare(db)
            let created = try await run(db, create())
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.hasPrefix("created rotation daily ("))

            let listed = try await herald(db, "rotation", "list", "--json")
            #expect(listed.status == 0, "\(listed.stderr)")
            let rows = try listed.stdout.split(separator: "\n").map { try jsonObject(String($0)) }
            #expect(rows.map { $0["name"] as? String } == ["daily"])
            let rotation = try await shown(db, "daily")
            #expect(rotation["status"] as? String == "active")
            #expect(rotation["chat_ids"] as? [Int] == [-1_001_234, -1_005_678])
            #expect(rotation["templates"] as? [String] == ["promo", "teaser"])
            #expect(rotation["every"] as? String == "4h")
            #expect(rotation["interval_seconds"] as? Int == 14_400)
            #expect(rotation["starts_at"] as? String == "2099-01-01T09:00:00Z")
            #expect(rotation["next_run"] as? String == "2099-01-01T09:00:00Z")
            #expect(rotation["next_template"] as? String == "promo")
            #expect(rotation["posts"] as? Int == 0)

            let id = try #require(rotation["rotation_id"] as? String)
            #expect(try await shown(db, id)["name"] as? String == "daily")
            let text = try await herald(db, "rotation", "show", "daily")
            #expect(text.stdout.contains("next run 2099-01-01T09:00:00Z (slot 0): promo"), "\(text.stdout)")
        }
    }

    @Test func pauseHidesTheNextRunAndResumeBringsItBack() async throws {
        try await TestDatabase.with { db in
            try await prepare(db)
            #expect(try await run(db, create()).status == 0)
            let paused = try await herald(db, "rotation", "pause", "daily")
            #expect(paused.status == 0, "\(paused.stderr)")
            #expect(paused.stdout == "paused rotation daily\n")
            var rotation = try await shown(db, "daily")
            #expect(rotation["status"] as? String == "paused")
            #expect(rotation["next_run"] == nil)
            #expect(rotation["next_template"] == nil)

            let id = try #require(rotation["rotation_id"] as? String)
            #expect(try await herald(db, "rotation", "resume", id).status == 0)
            rotation = try await shown(db, "daily")
            #expect(rotation["status"] as? String == "active")
            #expect(rotation["next_run"] as? String == "2099-01-01T09:00:00Z")
        }
    }

    @Test func recordedPostsMoveTheNextRunToTheNextTemplate() async throws {
        try await TestDatabase.with { db in
            try await prepare(db)
            // Slot 0 starts in a minute; the scheduler's outcome is recorded by a handler whose clock
            // says the minute has passed.
            let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.up) + 60)
            let created = try await run(
                db,
                [
                    "rotation", "create", "--name", "hourly", "--every", "1h", "--chat", "-1001", "--template", "promo",
                    "--template", "teaser", "--start", start.formatted(.iso8601),
                ])
            #expect(created.status == 0, "\(created.stderr)")
            let shownID = try #require(try await shown(db, "hourly")["rotation_id"] as? String)
            let id = try #require(UUID(uuidString: shownID))
            let handler = RotationHandler(
                store: EventStore(configuration: db.url), metadata: CommandMetadata(actor: "test:scheduler")
            ) { start.addingTimeInterval(1) }
            try await handler.recordPost(id, sequence: 0, chat: -1001, messageID: 42)

            let rotation = try await shown(db, "hourly")
            #expect(rotation["posts"] as? Int == 1)
            #expect(rotation["next_sequence"] as? Int == 1)
            #expect(rotation["next_template"] as? String == "teaser")
            #expect(rotation["next_run"] as? String == start.addingTimeInterval(3_600).formatted(.iso8601))
            #expect(rotation["last_posted_at"] is String)
        }
    }

    @Test func refusalsAppendNothingAndSayWhy() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await prepare(db)
            #expect(try await run(db, create()).status == 0)
            #expect(try await run(db, create("resting")).status == 0)
            #expect(try await herald(db, "rotation", "pause", "resting").status == 0)
            let head = try await store.head()
            let weekly = ["rotation", "create", "--name", "weekly", "--every", "1w", "--chat", "-1001"]
            let cases: [(arguments: [String], says: String)] = [
                (weekly + ["--template", "nope"], "cannot create rotation weekly: no template named nope"),
                (weekly + ["--template", "old"], "template old is archived"),
                (weekly, "needs at least one template (--template NAME)"),
                (
                    ["rotation", "create", "--name", "weekly", "--every", "1w", "--template", "promo"],
                    "needs at least one chat (--chat ID)"
                ),
                (weekly + ["--template", "promo", "--chat", "0"], "0 is not a Telegram chat id"),
                (weekly + ["--template", "promo", "--chat", "@channel"], "@channel is not a chat id"),
                (
                    create("fast", every: "30s"),
                    "every 30s is too often: the shortest interval is 1m"
                ),
                (create("slow", every: "400d"), "every 400d is too long: the longest interval is 366d"),
                (create("vague", every: "soon"), "soon is not an interval"),
                (create(), "a rotation named daily exists"),
                (create("two words"), "rotation name \"two words\" must be"),
                (
                    create("late", start: "2001-01-01T00:00:00Z"),
                    "2001-01-01T00:00:00Z is in the past"
                ),
                (
                    create("when", start: "tomorrow"),
                    "not an ISO 8601"
                ),
                (["rotation", "pause", "resting"], "cannot pause rotation resting: it is paused already"),
                (["rotation", "resume", "daily"], "cannot resume rotation daily: it is active already"),
                (["rotation", "pause", "gone"], "no rotation gone; herald rotation list shows them"),
                (["rotation", "resume", UUID().uuidString], "no rotation"),
                (["rotation", "show", "gone"], "no rotation gone"),
            ]
            for (arguments, says) in cases {
                let outcome = try await run(db, arguments)
                #expect(outcome.status != 0, "\(arguments) succeeded")
                #expect(outcome.stderr.contains(says), "\(arguments): \(outcome.stderr)")
                #expect(outcome.stderr.split(separator: "\n").count == 1, "\(arguments): \(outcome.stderr)")
            }
            #expect(try await store.head() == head)
        }
    }
}
