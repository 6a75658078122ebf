import ArgumentParser
import Engine
import EventStore
import Foundation
import Projections
import Postgres

/// `herald status`: the job status: who sends for each bot, how fast, whether Telegram paused it,
/// how much waits, how far the projectors trail the log, and what runs next.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Senders and their leases, rate, pauses and queue; projector lag and failures; the next scheduled runs.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    struct Status: Encodable {
        let senders: [OperatorView.Sender]
        let projectors: [OperatorView.ProjectorState]
        let scheduled: [Next]
        let rotations: [Next]
    }


    struct Next: Encodable {
        let id: String
        let name: String
        let at: String
    }

    func run() async throws {
        let url = try database.resolved()
        let connection = try await Connection.connect(to: url)
        let senders = try await OperatorView.senders(on: connection)
        let projectors = try await OperatorView.projectors(on: connection)
        let scheduled = try await BroadcastReader(database: url).broadcasts().filter { $0.status == "scheduled" }
            .compactMap { b in b.send_at.map { Next(id: b.broadcast_id, name: b.title, at: $0) } }
            .sorted { $0.at < $1.at }
        let rotations = try await RotationReader(database: url).rotations().compactMap { r in
            r.next_run.map { Next(id: r.rotation_id, name: r.name, at: $0) }
        }
        if output.json {
            return try output.printJSON(
                Status(senders: senders, projectors: projectors, scheduled: scheduled, rotations: rotations))
        }
        if senders.isEmpty { print("senders: none has run (herald run with TELEGRAM_BOT_TOKEN sends)") }
        for s in senders {
            let who = s.live ? "held by \(s.holder ?? "?") (epoch \(s.epoch))" : "not held: no herald run is sending"
            var line =
                "sender bot \(s.botID): \(who), \(s.state), \(String(format: "%.1f", s.rate)) msg/s, \(s.queueDepth) waiting"
            if let until = s.pausedUntil, until > Date() {
                line += ", paused by Telegram until \(until.formatted(.iso8601))"
            }
            print(line)
        }
        for p in projectors {
            guard let failure = p.failure else {
                print("projector \(p.name): at \(p.position), \(p.lag) behind")
                continue
            }
            print(
                "projector \(p.name): FAILING since \(failure.since.formatted(.iso8601)) at event \(failure.position) "
                    + "(\(failure.eventType ?? "no event")), \(failure.attempts) attempt(s): \(failure.error); "
                    + "at \(p.position), \(p.lag) behind (fix the cause, then herald replay --projection \(p.name))")
        }
        for n in scheduled { print("next broadcast \(n.id) \(n.name) at \(n.at)") }
        for n in rotations { print("next rotation \(n.name) at \(n.at)") }
    }
}
