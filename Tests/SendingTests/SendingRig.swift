import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Telegram
import TelegramSimulator
import Testing

/// A database, a simulated Bot API and `herald` processes pointed at both: the sending engine as
/// an operator runs it, over real HTTP and a real PostgreSQL.
struct SendingRig {
    let db: TestDatabase
    let simulator: TelegramSimulator
    let token = "777001:sending-rig-secret"

    /// Runs `body` with a fresh database and a simulator configured by `configure`.
    static func with<T: Sendable>(
        _ configure: (inout SimulatorConfiguration) -> Void = { _ in }, _ body: (SendingRig) async throws -> T
    ) async throws -> T {
        try await TestDatabase.with { db in
            var configuration = SimulatorConfiguration(tokens: ["777001:sending-rig-secret"], rate: nil)
            configure(&configuration)
            let simulator = try await TelegramSimulator.start(configuration: configuration)
            do {
                let value = try await body(SendingRig(db: db, simulator: simulator))
                await simulator.stop()
                return value
            } catch {
                await simulator.stop()
                throw error
            }
        }
    }

    var environment: [String: String] {
        [
            "HERALD_DATABASE_URL": db.url, "TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_URL": simulator.baseURL,
            "HERALD_LOG_LEVEL": "notice", "HERALD_RATE": "0", "HERALD_PAID_RATE": "0",
        ]
    }

    /// Runs a `herald` command to completion and requires it to succeed.
    @discardableResult
    func herald(_ arguments: String..., environment extra: [String: String] = [:]) async throws -> String {
        let outcome = try await HeraldProcess.run(arguments, environment: environment.merging(extra) { $1 })
        try #require(outcome.status == 0, "herald \(arguments.joined(separator: " ")): \(outcome.stderr)")
        return outcome.stdout
    }

    /// Registers users 1…count (chat id = user id) with a tier each.
    func importRecipients(_ count: Int, tier: (Int) -> String = { _ in "gold" }) async throws {
        var csv = "user_id,tier,first_name\n"
        for user in 1...count { csv += "\(user),\(tier(user)),User\(user)\n" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("herald-rig-\(UUID()).csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await herald("recipients", "import", path)
    }

    /// A template with a callback button, so the simulator can tell broadcasts apart.
    func createTemplate(_ name: String = "promo") async throws {
        try await herald(
            "template", "create", "--name", name, "--text", "Hi {{ first_name }}\\! Sale today\\.", "--button",
            "Buy|callback:buy")
    }

    /// Creates and starts a broadcast to the gold tier; returns its id.
    func send(_ extra: String..., template: String = "promo") async throws -> UUID {
        let output = try await HeraldProcess.run(
            [
                "broadcast", "create", "--title", "Sale", "--template", template, "--cohort", #"{"tier": "gold"}"#,
                "--now",
            ]
                + extra, environment: environment)
        try #require(output.status == 0, "broadcast create: \(output.stderr)")
        return try #require(UUID(uuidString: output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// Starts `herald run` (its log in a file of its own, so a full pipe never stalls it).
    func startRun(_ extra: [String: String] = [:], arguments: [String] = []) throws -> Process {
        let process = Process()
        process.executableURL = HeraldProcess.executable
        process.arguments = ["run", "--poll-interval", "0.2"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(HeraldProcess.testDefaults) { $1 }
            .merging(environment) { $1 }.merging(extra) { $1 }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("herald-run-\(UUID()).log")
        // Where its output goes, for a test that reads it (`stopAndRead`).
        process.environment?["HERALD_TEST_LOG"] = log.path
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Waits until the broadcast's stream holds one of `types` (woken by the log's NOTIFY).
    func awaitEvent(
        _ broadcast: UUID, _ types: Set<String>, timeout: Duration = .seconds(120)
    ) async throws -> RecordedEvent {
        let connection = try await db.connect()
        try await connection.listen(EventStore.notificationChannel)
        let store = EventStore(configuration: db.url, maximumConnections: 1)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let event = try await store.readStream(StreamName.broadcast(broadcast)).last(where: {
                types.contains($0.type)
            }) {
                return event
            }
            _ = try await connection.waitForNotifications(timeout: .seconds(1))
        }
        Issue.record("broadcast \(broadcast) reached none of \(types) within \(timeout)")
        throw CancellationError()
    }

    /// Each recipient's delivery events after the mark, by user: what the log says became of them.
    func outcomes(_ broadcast: UUID) async throws -> [Int64: [String]] {
        let rows = try await db.connect().query(
            """
            SELECT (data ->> 'user_id')::bigint, type FROM herald.events
            WHERE stream LIKE \("delivery-\(broadcast.uuidString.lowercased())-%")
              AND type IN ('message.sent', 'message.failed', 'message.outcome-unknown')
            ORDER BY position
            """)
        var outcomes: [Int64: [String]] = [:]
        for row in rows {
            outcomes[try row.decode(Int64.self, at: 0), default: []].append(try row.decode(String.self, at: 1))
        }
        return outcomes
    }

    /// How many events of `type` the log holds for the broadcast.
    func count(_ type: String, _ broadcast: UUID) async throws -> Int {
        try await db.connect().query(
            """
            SELECT count(*) FROM herald.events
            WHERE type = \(type) AND (data ->> 'broadcast_id')::uuid = \(broadcast)
            """)[0].decode(Int.self, at: 0)
    }
}

extension Process {
    /// SIGKILL: no handler runs, the lease and every connection die with it.
    func kill9() {
        Foundation.kill(processIdentifier, SIGKILL)
        waitUntilExit()
    }

    /// SIGTERM: the process stops gracefully on its own (not waited for here: a blocked thread
    /// could starve the in-process simulator that its last requests are waiting on).
    func stop() {
        if isRunning { terminate() }
    }

    /// SIGTERM, waits for the exit off the cooperative pool, and returns what it printed.
    func stopAndRead() async -> String {
        stop()
        return await waitAndRead()
    }
}
