import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

@Suite(.timeLimit(.minutes(5))) struct CLITests {
    func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map(jsonObject)
    }

    @Test func migrateIsIdempotentAndReportsWhatItDid() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let first = try await herald(db, "migrate", "--json")
            let second = try await herald(db, "migrate", "--json")
            #expect(first.status == 0)
            #expect(try jsonLines(first.stdout).first?["applied"] as? [Int] == Migration.eventLog.map(\.version))
            #expect(try jsonLines(second.stdout).first?["applied"] as? [Int] == [])
        }
    }

    @Test func unreachableDatabaseIsOneLineWithoutThePassword() async throws {
        let secret = "pa55-w0rd-xyz"
        let outcome = try await HeraldProcess.run(
            ["migrate"], environment: ["HERALD_DATABASE_URL": "postgresql://u:\(secret)@/db?host=/nonexistent&port=1"])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(outcome.stderr.contains("connection failed"))
        #expect(!outcome.stderr.contains(secret) && !outcome.stdout.contains(secret))
    }

    /// ArgumentParser's own errors (a missing option, a value of the wrong kind, a stray argument)
    /// are one line too, pointing at --help; help itself prints in full and succeeds.
    @Test func usageErrorsAreOneLine() async throws {
        let cases: [(arguments: [String], says: String)] = [
            (["template", "preview", "promo", "--recipient", "abc"], "'abc' is invalid for '--recipient"),
            (["conversion", "mark", "--broadcast", "x"], "Missing expected argument '--recipient"),
            (
                ["broadcast", "create", "--title", "T", "--template", "p", "--cohort", "{}", "--now", "--at", "x"],
                "at most one of --at and --now"
            ),
            (["bogus"], "Unexpected argument 'bogus'"),
        ]
        for (arguments, says) in cases {
            let outcome = try await HeraldProcess.run(arguments)
            #expect(outcome.status == 64, "\(arguments)")
            #expect(outcome.stderr.contains(says) && outcome.stderr.contains("see --help"), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(arguments): \(outcome.stderr)")
        }
        let help = try await HeraldProcess.run(["stats", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("OVERVIEW") && help.stdout.contains("USAGE"))
    }

    @Test func noDatabaseConfiguredSaysHowToFixIt() async throws {
        let outcome = try await HeraldProcess.run(["audit", "summary"], environment: ["HERALD_DATABASE_URL": ""])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("HERALD_DATABASE_URL"))
    }

    @Test func auditFiltersByTypeActorAndPosition() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append([
                NewEvent(
                    stream: "broadcast-1", type: "broadcast.created", data: JSONB(#"{"title": "a"}"#),
                    metadata: JSONB(#"{"actor": "cli"}"#)),
                NewEvent(
                    stream: "broadcast-1", type: "broadcast.scheduled", data: JSONB("{}"),
                    metadata: JSONB(#"{"actor": "cli"}"#)),
                NewEvent(
                    stream: "template-1", type: "template.created", data: JSONB("{}"),
                    metadata: JSONB(#"{"actor": "admin"}"#)),
            ])
            let byType = try jsonLines(try await herald(db, "audit", "--type", "broadcast.scheduled", "--json").stdout)
            #expect(byType.map { $0["position"] as? Int } == [2])
            let byActor = try jsonLines(try await herald(db, "audit", "--actor", "admin", "--json").stdout)
            #expect(byActor.map { $0["stream"] as? String } == ["template-1"])
            let byStream = try jsonLines(
                try await herald(db, "audit", "log", "--stream", "broadcast-1", "--from", "2", "--json").stdout)
            #expect(byStream.map { $0["type"] as? String } == ["broadcast.scheduled"])
            #expect((byStream.first?["data"] as? [String: Any])?.isEmpty == true)
            let text = try await herald(db, "audit", "--limit", "1")
            #expect(text.stdout.hasPrefix("#1 "))
            #expect(text.stdout.contains("broadcast.created"))
        }
    }

    /// The second event is appended only once the first is printed, so only a follower sees it;
    /// it must arrive while the process still runs.
    @Test(.timeLimit(.minutes(1))) func auditFollowPrintsEventsAppendedLater() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append(NewEvent(stream: "s-1", type: "t.one", data: JSONB("{}")))
            let (process, out, err) = try HeraldProcess.start(
                ["audit", "--follow", "--json"], environment: ["HERALD_DATABASE_URL": db.url])
            let reader = out.fileHandleForReading
            func read(until text: String, into seen: inout String) {
                while !seen.contains(text) {
                    let chunk = reader.availableData
                    if chunk.isEmpty { return }
                    seen += String(decoding: chunk, as: UTF8.self)
                }
            }
            var seen = ""
            read(until: "t.one", into: &seen)
            try await store.append(NewEvent(stream: "s-1", type: "t.two", data: JSONB("{}")))
            read(until: "t.two", into: &seen)
            let following = process.isRunning
            process.terminate()
            _ = await HeraldProcess.finish(process, out, err)
            #expect(seen.contains("t.one"))
            #expect(seen.contains("t.two"))
            #expect(following, "the follower had exited by the time the new event was printed")
        }
    }

    @Test func auditVerifyPassesAnEmptyLogAndNamesTheFirstFailure() async throws {
        try await TestDatabase.with { db in
            let empty = try await herald(db, "audit", "verify", "--json")
            #expect(empty.status == 0)
            #expect(try jsonLines(empty.stdout).first?["intact"] as? Bool == true)

            try await EventStore(configuration: db.url).append(
                NewEvent(stream: "x-1", type: "made.up", data: JSONB("{}")))
            let failed = try await herald(db, "audit", "verify")
            #expect(failed.status != 0)
            #expect(failed.stderr.contains("position 1"))
            #expect(failed.stderr.contains("made.up"))
        }
    }

    @Test func twoRunProcessesKeepTheCountsCurrentAndStopCleanly() async throws {
        try await TestDatabase.with { db in
            let environment = ["HERALD_DATABASE_URL": db.url]
            let engines = try (0..<2).map { _ in
                try HeraldProcess.start(["run", "--poll-interval", "0.2"], environment: environment)
            }
            let store = EventStore(configuration: db.url)
            for round in 0..<10 {
                try await store.append(
                    (0..<100).map {
                        NewEvent(stream: "order-\(round)-\($0 % 3)", type: "order.placed", data: JSONB("{}"))
                    })
            }
            try await db.waitUntilCaughtUp("event_counts")
            for (process, _, _) in engines { process.terminate() }
            for (process, out, err) in engines {
                let outcome = await HeraldProcess.finish(process, out, err)
                #expect(outcome.status == 0, "herald run exited \(outcome.status): \(outcome.stderr)")
            }
            let summary = try jsonLines(try await herald(db, "audit", "summary", "--json").stdout).first
            #expect(summary?["counted_from"] as? String == "projection event_counts")
            let types = summary?["types"] as? [[String: Any]]
            #expect(types?.first?["events"] as? Int == 1000)
            let categories = summary?["categories"] as? [[String: Any]]
            #expect(categories?.first?["streams"] as? Int == 30)
        }
    }

    @Test func replayReportsWhatItRebuilt() async throws {
        try await TestDatabase.with { db in
            try await EventStore(configuration: db.url).append(
                (0..<50).map { NewEvent(stream: "a-\($0)", type: "a.b", data: JSONB("{}")) })
            let outcome = try await herald(db, "replay", "--projection", "event_counts", "--json")
            #expect(outcome.status == 0)
            #expect(try jsonLines(outcome.stdout).first?["position"] as? Int == 50)
            #expect(outcome.stderr.isEmpty)
            let unknown = try await herald(db, "replay", "--projection", "nope")
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains("event_counts"))
        }
    }
}
