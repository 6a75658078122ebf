import Foundation

/// The built `herald` binary, run as a user would run it.
public struct HeraldProcess {
    public struct Outcome: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// `.build/<config>/herald`, beside the test bundle.
    public static var executable: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("herald")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/herald")
    }

    /// What every `herald` a test starts gets unless the test says otherwise: no HTTP server, since
    /// `herald run` would otherwise take 127.0.0.1:8080 and the next one started at once fail.
    public static let testDefaults = ["HERALD_LISTEN": "off"]

    /// Starts `herald` with `arguments`; the environment is this process's plus `testDefaults`
    /// plus `environment`.
    public static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe)
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(testDefaults) { $1 }.merging(environment) {
            $1
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Runs `herald` to completion; one still running after `deadline` (a command that should
    /// have ended but hangs) is killed, so the test fails on its status instead of hanging the run.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], deadline: Duration = .seconds(120)
    ) async throws -> Outcome {
        let (process, out, err) = try start(arguments, environment: environment)
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        let (seconds, attoseconds) = deadline.components
        DispatchQueue.global().asyncAfter(
            deadline: .now() + .milliseconds(Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)),
            execute: watchdog)
        let outcome = await finish(process, out, err)
        watchdog.cancel()
        return outcome
    }

    /// Collects a started process's output once it exits.
    ///
    /// The blocking reads and the wait run on Dispatch threads, not Swift's cooperative pool: on a
    /// 2-core machine that pool has two threads, and parking them would starve whatever else the
    /// test process serves meanwhile (an in-process simulator the child is talking to).
    public static func finish(_ process: Process, _ out: Pipe, _ err: Pipe) async -> Outcome {
        async let output = blocking { out.fileHandleForReading.readDataToEndOfFile() }
        async let errors = blocking { err.fileHandleForReading.readDataToEndOfFile() }
        let (stdout, stderr) = await (output, errors)
        await blocking { process.waitUntilExit() }
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Runs a blocking call on a Dispatch thread and awaits its result.
public func blocking<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: body()) }
    }
}
