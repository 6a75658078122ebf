import ArgumentParser
import EventStore
import Foundation
import Postgres
import Projections

/// `herald replay`: rebuilds read models from the whole log and swaps them in.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Rebuild read models from position 0 into fresh tables and swap them in; readers keep the old ones until the swap."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only this projection (default: all).") var projection: String?
    @Option(help: "Events per transaction while rebuilding.") var batchSize = 5000

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() async throws {
        let projectors = try projection.map { [try Projections.named($0)] } ?? Projections.all
        let connection = try await Connection.connect(to: try database.resolved(), applicationName: "herald-replay")
        let terminal = isatty(STDERR_FILENO) == 1 && !output.json
        for projector in projectors {
            let done = try await Rebuild(projector: projector, batchSize: batchSize).run(on: connection) { progress in
                guard terminal else { return }
                let eta = progress.remaining.map { ", about \(Int($0.components.seconds))s left" } ?? ""
                FileHandle.standardError.write(
                    Data(
                        "\r\(progress.projector): \(progress.position)/\(progress.head) events, \(Int(progress.eventsPerSecond)) events/s\(eta)   "
                            .utf8))
            }
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            let seconds = Double(done.elapsed.components.seconds) + Double(done.elapsed.components.attoseconds) / 1e18
            if output.json {
                struct Report: Encodable {
                    let projection: String
                    let position: Int64
                    let seconds: Double
                    let events_per_second: Double
                }
                try output.printJSON(
                    Report(
                        projection: projector.name, position: done.position, seconds: seconds,
                        events_per_second: done.eventsPerSecond.rounded()))
            } else {
                print(
                    "\(projector.name): rebuilt through position \(done.position) in \(String(format: "%.2f", seconds))s (\(Int(done.eventsPerSecond)) events/s)"
                )
            }
        }
    }
}
