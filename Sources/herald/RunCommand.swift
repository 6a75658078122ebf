import ArgumentParser
import Dispatch
import EventStore
import Foundation
import Projections

/// `herald run`: the engine. Today it keeps every read model up to date; several processes may
/// run against one database (each projector runs in exactly one of them at a time).
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Run the engine until interrupted: projectors now; the processor, scheduler and dispatcher as they land.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Seconds between polls of the log when no NOTIFY arrives.") var pollInterval = 1.0

    func validate() throws {
        if pollInterval <= 0 { throw ValidationError("--poll-interval must be positive") }
    }

    func run() async throws {
        let configuration = try database.resolved()
        let poll = Duration.milliseconds(Int64(pollInterval * 1000))
        let engine = Task {
            await withTaskGroup(of: Void.self) { group in
                for projector in Projections.all {
                    var runner = ProjectionRunner(configuration: configuration, projector: projector)
                    runner.pollInterval = poll
                    group.addTask { await runner.run() }
                }
            }
        }
        let stop = StopSignals { engine.cancel() }
        FileHandle.standardError.write(
            Data(
                "herald run: projecting \(Projections.all.map(\.name).joined(separator: ", ")); Ctrl-C or SIGTERM stops\n"
                    .utf8))
        await engine.value
        stop.cancel()
        FileHandle.standardError.write(Data("herald run: stopped\n".utf8))
    }
}

/// Calls `handler` on SIGINT or SIGTERM instead of dying, so tasks can finish their transaction.
final class StopSignals: @unchecked Sendable {  // `sources` is written once, in init.
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    func cancel() { sources.forEach { $0.cancel() } }
}
