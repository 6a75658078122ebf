import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Logging
import Postgres
import Server
import Synchronization
import Testing

/// A projector that cannot fold an event is never silent: the runner folds what precedes the
/// event, records it, logs it once however often it retries, and `herald status`'s view,
/// `/readyz` and the metric name it; once the cause is fixed it folds again and all of them clear.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ProjectorFailureTests {
    /// Records each event's position; throws at `test.poison` while `poisons` has a row.
    struct Poisonable: Projector {
        let name = "poisonable"
        let version = 1
        let eventTypes: Set<String>? = ["test.ok", "test.poison"]

        func createTables(in schema: String, session: Session) throws {
            try session.executeUnsafeScript("CREATE TABLE \(schema).seen (position bigint PRIMARY KEY)")
        }

        func apply(_ events: [RecordedEvent], in schema: String, session: Session) throws {
            for event in events {
                if event.type == "test.poison",
                    try !session.query("SELECT 1 FROM public.poisons").isEmpty
                {
                    throw Poisoned()
                }
                try session.execute(
                    "INSERT INTO \(unsafeRaw: schema).seen (position) VALUES (\(event.position))")
            }
        }
    }

    struct Poisoned: Error, CustomStringConvertible {
        var description: String { "the test poisoned this event" }
    }

    /// Log lines a runner wrote, as "level message".
    final class Lines: LogHandler, @unchecked Sendable {
        let lines = Mutex<[String]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let details = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            lines.withLock { $0.append("\(event.level) \(event.message) \(details.joined(separator: " "))") }
        }
        func matching(_ text: String) -> [String] { lines.withLock { $0.filter { $0.contains(text) } } }
    }

    @Test func aFailingProjectorIsLoggedOnceShownEverywhereAndRecovers() async throws {
        let registry = HTTPMetricsMiddlewareTests.registry  // the process's metrics backend, before any gauge
        try await TestDatabase.with { db in
            let connection = try await db.connect()
            try await connection.executeUnsafeScript("CREATE TABLE public.poisons (x int); INSERT INTO public.poisons VALUES (1);")
            let store = EventStore(configuration: db.url)
            func event(_ type: String) -> NewEvent {
                NewEvent(id: UUID(), stream: "test-\(UUID())", type: type, schemaVersion: 1, data: JSONB("{}"))
            }
            var runner = ProjectionRunner(configuration: db.url, projector: Poisonable())
            try await runner.catchUp()  // the read model exists: the failure comes in a live batch
            let before = try await store.append([event("test.ok"), event("test.ok")]).positions
            let poison = try #require(try await store.append([event("test.poison")]).positions.first)
            let after = try #require(try await store.append([event("test.ok")]).positions.first)

            let lines = Lines()
            runner.pollInterval = .milliseconds(100)
            runner.logger = Logger(label: "test", factory: { _ in lines })
            let running = Task { [runner] in await runner.run() }
            defer { running.cancel() }

            func failure() async throws -> OperatorView.ProjectorState.Failure? {
                try await OperatorView.projectors(on: connection).first { $0.name == "poisonable" }?.failure
            }
            try await until("the failure is retried") { try await failure()?.attempts ?? 0 >= 3 }
            let failed = try #require(try await failure())
            #expect(failed.position == poison)
            #expect(failed.eventType == "test.poison")
            #expect(failed.error.contains("the test poisoned this event"))
            let seen = try await connection.query("SELECT position FROM rm_poisonable.seen ORDER BY position")
                .map { try $0.decode(Int64.self, at: 0) }
            #expect(seen == before, "what precedes the event is folded")
            #expect(try await db.checkpoint("poisonable")?.position == before.last)

            let logged = lines.matching("projector cannot fold an event")
            #expect(logged.count == 1, "logged once, not at every retry: \(logged)")
            #expect(logged.first?.contains("position=\(poison)") == true, "\(logged)")
            #expect(logged.first?.contains("event_type=test.poison") == true, "\(logged)")

            let status = try await HeraldProcess.run(["status"], environment: ["HERALD_DATABASE_URL": db.url])
            let line = status.stdout.split(separator: "\n").first { $0.hasPrefix("projector poisonable:") } ?? ""
            #expect(line.contains("FAILING") && line.contains("event \(poison) (test.poison)"), "\(status.stdout)")
            #expect(line.contains("herald replay --projection poisonable"), "says how to get out")

            let readiness = Readiness(
                pool: ConnectionPool(configuration: db.url, maximumConnections: 1), maxLag: 10_000, holder: nil)
            let report = await readiness.report()
            #expect(!report.ready)
            #expect(report.failing == ["projector:poisonable"], "\(report.failing)")
            try await OperatingGauges(
                pool: ConnectionPool(configuration: db.url, maximumConnections: 1), logger: Logger(label: "test")
            ).sample()
            #expect(
                registry.emitToString().contains(
                    #"herald_projector_failing{projector="poisonable"} 1"#))

            // The fix: the projector folds again, and every sign of the failure clears.
            try await connection.executeUnsafeScript("DELETE FROM public.poisons;")
            try await until("the projector folds past the event") {
                let cleared = try await failure() == nil
                let checkpoint = try await db.checkpoint("poisonable")?.position
                return cleared && checkpoint == after
            }
            #expect(lines.matching("projector folds again").count == 1)
            #expect(await readiness.report().ready)
            try await OperatingGauges(
                pool: ConnectionPool(configuration: db.url, maximumConnections: 1), logger: Logger(label: "test")
            ).sample()
            #expect(
                registry.emitToString().contains(
                    #"herald_projector_failing{projector="poisonable"} 0"#))
        }
    }

    /// Waits until `check` holds, looking every 50 ms (the runner's retries are timed, not notified).
    func until(_ what: String, _ check: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while try await !check() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting until \(what)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
