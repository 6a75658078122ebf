import Foundation
import HeraldTestSupport
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `herald run` process whose output is collected as it arrives, so a test can wait for a line
/// while it runs and read everything it printed after it stops.
final class RunningHerald: @unchecked Sendable {  // `process` is only started, signalled and awaited.
    private let process = Process()
    private let output = Collected()
    private let pipe = Pipe()

    init(environment: [String: String], arguments: [String] = []) throws {
        process.executableURL = HeraldProcess.executable
        process.arguments = ["run", "--poll-interval", "0.2"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = pipe
        process.standardError = pipe
        let output = output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty { handle.readabilityHandler = nil } else { output.data.withLock { $0.append(chunk) } }
        }
        try process.run()
    }

    var text: String { output.data.withLock { String(decoding: $0, as: UTF8.self) } }

    /// The port from the "serving" log line, once it is printed.
    func port(timeout: Duration = .seconds(60)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            for line in text.split(separator: "\n") where line.contains("serving /healthz") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                if let port = (object?["port"] as? String).flatMap(Int.init) { return port }
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw RunError(description: "herald run never served: \(text)")
    }

    /// SIGTERM, then everything it printed and its exit status.
    func stop() async -> (status: Int32, output: String) {
        process.terminate()
        let process = process
        await blocking { process.waitUntilExit() }
        pipe.fileHandleForReading.readabilityHandler = nil
        let rest = pipe.fileHandleForReading.readDataToEndOfFile()
        output.data.withLock { $0.append(rest) }
        return (process.terminationStatus, text)
    }
}

/// Bytes appended from the pipe's handler thread and read from the test's.
final class Collected: Sendable {
    let data = Mutex(Data())
}

struct RunError: Error, CustomStringConvertible {
    let description: String
}

/// A GET on the local server: the status and the body as text.
func get(_ port: Int, _ path: String) async throws -> (status: Int, body: String) {
    let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
    let (data, response) = try await URLSession.shared.data(from: url)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}

/// Parses Prometheus text with the reference Python parser; the sample names it found.
func prometheusSampleNames(_ text: String) async throws -> Set<String> {
    Set(try await prometheusSamples(text).keys)
}

/// Parses Prometheus text with the reference Python parser: each unlabelled sample's value, and
/// each labelled one under its name too (the last value wins; tests read unlabelled ones).
func prometheusSamples(_ text: String) async throws -> [String: Double] {
    let script = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        samples = {}
        for family in text_string_to_metric_families(sys.stdin.read()):
            for sample in family.samples:
                samples[sample.name] = sample.value
        print(json.dumps(samples))
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let input = Pipe()
    let out = Pipe()
    let err = Pipe()
    process.standardInput = input
    process.standardOutput = out
    process.standardError = err
    try process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let data = await blocking { out.fileHandleForReading.readDataToEndOfFile() }
    await blocking { process.waitUntilExit() }
    guard process.terminationStatus == 0,
        let samples = try JSONSerialization.jsonObject(with: data) as? [String: Double]
    else {
        let error = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        throw RunError(description: "the Prometheus parser refused /metrics: \(error)")
    }
    return samples
}
