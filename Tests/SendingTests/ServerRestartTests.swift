import Foundation
import HeraldTestSupport
import Postgres
import Telegram
import TelegramSimulator
import Testing

#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The PostgreSQL server itself restarted mid-broadcast, on a cluster of the test's own (the
/// shared one serves every other suite): sending pauses while it is down and resumes when it is
/// back, with every recipient accounted for and nothing delivered twice.
@Suite(.timeLimit(.minutes(5))) struct ServerRestartTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Runs `scripts/postgres COMMAND` for the cluster in `directory` through the shell, waited for
    /// with waitpid: Foundation's Process never saw the script end once it had started a server.
    func postgres(_ command: String, _ directory: String) async throws -> String {
        let output = "\(directory).out"
        let line = "HERALD_PG_DIR='\(directory)' '\(Self.root)/scripts/postgres' \(command) >'\(output)' 2>/dev/null"
        let status = await blocking { () -> Int32 in
            var pid: pid_t = 0
            let argv: [UnsafeMutablePointer<CChar>?] =
                ["/bin/sh", "-c", line].map { (text: String) in strdup(text) } + [nil]
            defer { argv.forEach { free($0) } }
            guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { return -1 }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            return status
        }
        try #require(status == 0, "scripts/postgres \(command) failed (\(status))")
        defer { unlink(output) }
        return try String(contentsOfFile: output, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aRestartedServerPausesSendingAndNothingIsLostOrRepeated() async throws {
        let directory = "/tmp/herald-pg-restart-\(UUID().uuidString.prefix(8))"
        let url = try await postgres("up", directory)
        do {
            let simulator = try await TelegramSimulator.start(
                configuration: SimulatorConfiguration(tokens: ["777001:sending-rig-secret"], rate: nil))
            let rig = SendingRig(db: TestDatabase(url: url, name: "herald"), simulator: simulator)
            try await rig.herald("migrate")
            try await rig.importRecipients(5000)
            try await rig.createTemplate()
            let port = try freePort()
            let run = try rig.startRun(["HERALD_RATE": "1000", "HERALD_LISTEN": "127.0.0.1:\(port)"])
            let id = try await rig.send()
            try await waitUntil { simulator.counters.sent >= 1000 }
            _ = try await postgres("down", directory)
            let atStop = simulator.counters.sent
            // While the server is down: herald run stays up and says it is not ready, and what
            // reaches Telegram is at most what was in flight (a send needs its mark stored first).
            try await Self.awaitStatus(port, "/readyz", 503)
            #expect(try await Self.status(port, "/healthz") == 200, "live while the database is down")
            #expect(run.isRunning)
            let whileDown = simulator.counters.sent
            #expect(whileDown - atStop <= 200, "sending stopped with the database")
            _ = try await postgres("up", directory)
            try await Self.awaitStatus(port, "/readyz", 200)
            let afterRestart = whileDown
            _ = try await rig.awaitEvent(id, ["broadcast.completed"])
            run.stop()
            let outcomes = try await rig.outcomes(id)
            #expect(afterRestart < 5000, "the restart came mid-broadcast")
            #expect(outcomes.count == 5000)
            #expect(outcomes.values.allSatisfy { $0.count == 1 })
            #expect(simulator.counters.duplicates == 0)
            let unknown = try await rig.count("message.outcome-unknown", id)
            print("server restart: \(unknown) unknown of 5000")
            #expect(unknown <= 200, "at most the in-flight window is in doubt")
            await simulator.stop()
        } catch {
            _ = try? await postgres("reset", directory)
            throw error
        }
        _ = try await postgres("reset", directory)
    }

    /// The status `path` of `herald run` on `port` answers (0 when nothing answers).
    static func status(_ port: Int, _ path: String) async throws -> Int {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)\(path)")))
        request.timeoutInterval = 5
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return 0 }
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    /// Waits until `path` answers `expected`.
    static func awaitStatus(_ port: Int, _ path: String, _ expected: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while try await status(port, path) != expected {
            guard ContinuousClock.now < deadline else {
                Issue.record("\(path) never answered \(expected)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
