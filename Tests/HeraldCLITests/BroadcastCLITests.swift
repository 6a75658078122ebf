import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

/// Broadcasts through the built binary: drafting, scheduling, sending, the life transitions, the
/// read model and every refusal.
@Suite(.timeLimit(.minutes(5))) struct BroadcastCLITests {
    let csv = "user_id,first_name,tier,region\n1,Ann,premium,EU\n2,Bob,free,US\n3,Cy,premium,US\n4,Di,premium,APAC\n"
    let cohort = #"{"tier": "premium", "region": {"in": ["EU", "US"]}}"#

    /// Recipients and a template named promo, as an operator would set them up.
    func prepare(_ db: TestDatabase) async throws {
        #expect(try await herald(db, "recipients", "import", try temporaryFile(csv)).status == 0)
        #expect(
            try await herald(db, "template", "create", "--name", "promo", "--text", "Hi {{ first_name }}").status == 0)
    }

    func draft(_ db: TestDatabase, title: String = "Spring sale", _ extra: String...) async throws -> String {
        let created = try await HeraldProcess.run(
            ["broadcast", "create", "--title", title, "--template", "promo", "--cohort", cohort] + extra,
            environment: ["HERALD_DATABASE_URL": db.url])
        #expect(created.status == 0, "\(created.stderr)")
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(UUID(uuidString: id) != nil, "\(created.stdout)")
        return id
    }

    func shown(_ db: TestDatabase, _ id: String) async throws -> [String: Any] {
        let outcome = try await herald(db, "broadcast", "show", id, "--json")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try jsonObject(outcome.stdout)
    }

    @Test func draftListsAndShowsAsDraft() async throws {
        try await TestDatabase.with { db in
            try await prepare(db)
            let id = try await draft(db)
            let listed = try await herald(db, "broadcast", "list", "--json")
            #expect(listed.status == 0, "\(listed.stderr)")
            let rows = try listed.stdout.split(separator: "\n").map { try jsonObject(String($0)) }
            #expect(rows.map { $0["broadcast_id"] as? String } == [id])
            let broadcast = try await shown(db, id)
            #expect(broadcast["status"] as? String == "draft")
            #expect(broadcast["title"] as? String == "Spring sale")
            #expect(broadcast["template"] as? String == "promo")
            #expect(broadcast["audience"] as? Int == 0)
            #expect(broadcast["send_at"] == nil)

            #expect(try await herald(db, "broadcast", "revise", id, "--title", "Summer sale").status == 0)
            #expect(try await shown(db, id)["title"] as? String == "Summer sale")
        }
    }

    @Test func scheduleInTheFuture() async throws {
        try await TestDatabase.with { db in
            try await prepare(db)
            let id = try await draft(db)
            let scheduled = try await herald(db, "broadcast", "schedule", id, "--at", "2099-01-31T09:00:00Z")
            #expect(scheduled.status == 0, "\(scheduled.stderr)")
            let broadcast = try await shown(db, id)
            #expect(broadcast["status"] as? String == "scheduled")
            #expect(broadcast["send_at"] as? String == "2099-01-31T09:00:00Z")

            let atCreation = try await draft(db, title: "Later", "--at", "2099-02-01T00:00:00Z")
            #expect(try await shown(db, atCreation)["status"] as? String == "scheduled")
        }
    }

    @Test func sendResolvesTheCohortsAudienceThenPausesResumesAndCancels() async throws {
        try await TestDatabase.with { db in
            try await prepare(db)
            let preview = try jsonObject(try await herald(db, "cohort", "preview", cohort, "--json").stdout)
            let size = try #require(preview["size"] as? Int)
            let id = try await draft(db)
            let sent = try await herald(db, "broadcast", "send", id)
            #expect(sent.status == 0, "\(sent.stderr)")
            var broadcast = try await shown(db, id)
            #expect(broadcast["status"] as? String == "sending")
            #expect(broadcast["audience"] as? Int == size)

            for (command, status) in [("pause", "paused"), ("resume", "sending"), ("cancel", "canceled")] {
                let outcome = try await herald(db, "broadcast", command, id)
                #expect(outcome.status == 0, "\(command): \(outcome.stderr)")
                broadcast = try await shown(db, id)
                #expect(broadcast["status"] as? String == status, "after \(command)")
            }

            let now = try await draft(db, title: "Flash", "--now")
            #expect(try await shown(db, now)["status"] as? String == "sending")
            #expect(try await shown(db, now)["audience"] as? Int == size)
        }
    }

    @Test func refusalsAppendNothingAndSayWhy() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await prepare(db)
            let id = try await draft(db)
            let sending = try await draft(db, title: "Out", "--now")
            let nickname = "Hi {{ nickname }}"  // no recipient has a nickname
            #expect(try await herald(db, "template", "create", "--name", "nick", "--text", nickname).status == 0)
            let nick = try await herald(
                db, "broadcast", "create", "--title", "Nick", "--template", "nick", "--cohort", cohort)
            let nickID = nick.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let head = try await store.head()
            let unknown = UUID().uuidString.lowercased()
            let create = ["broadcast", "create", "--title", "T", "--template"]
            let cases: [(arguments: [String], says: String)] = [
                (create + ["nope", "--cohort", cohort], "no template named nope"),
                (create + ["promo", "--cohort", #"{"tierx": "a"}"#], "tierx"),
                (create + ["promo", "--cohort", #"{"tier": "gold"}"#, "--now"], "matches no active recipient"),
                (["broadcast", "revise", id, "--cohort", #"{"tier": {"like": "a"}}"#], "like"),
                (["broadcast", "schedule", id, "--at", "2001-01-01T00:00:00Z"], "in the past"),
                (create + ["promo", "--cohort", cohort, "--at", "2001-01-01T00:00:00Z"], "in the past"),
                (["broadcast", "schedule", id, "--at", "tomorrow"], "not an ISO 8601 time"),
                (["broadcast", "revise", sending, "--title", "New"], "cannot revise a broadcast that is sending"),
                (["broadcast", "pause", id], "cannot pause a broadcast that is draft"),
                (["broadcast", "send", unknown], "unknown broadcast"),
                (["broadcast", "cancel", unknown], "unknown broadcast"),
                (["broadcast", "show", unknown], "no broadcast \(unknown)"),
                (["broadcast", "send", "not-an-id"], "not-an-id is not a broadcast id"),
                (["broadcast", "send", nickID], "recipient 1 cannot get this message: the template uses {{ nickname }}"),
                (create + ["nick", "--cohort", cohort, "--now"], "recipient 1 cannot get this message"),
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

    @Test func sendToACohortMatchingNobodyIsRefused() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await prepare(db)
            let created = try await herald(
                db, "broadcast", "create", "--title", "Gold", "--template", "promo", "--cohort", #"{"tier": "gold"}"#)
            #expect(created.status == 0, "\(created.stderr)")
            let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let head = try await store.head()
            let sent = try await herald(db, "broadcast", "send", id)
            #expect(sent.status != 0)
            #expect(sent.stderr.contains("cannot send broadcast \(id): the cohort matches no active recipient"))
            #expect(sent.stderr.split(separator: "\n").count == 1, "\(sent.stderr)")
            #expect(try await store.head() == head)
            #expect(try await shown(db, id)["status"] as? String == "draft")
        }
    }
}
