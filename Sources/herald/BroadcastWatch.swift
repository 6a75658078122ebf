import Engine
import Foundation
import Postgres

/// `broadcast show --watch`: the sender's live counts, redrawn on a terminal, until the broadcast
/// ends; one line a few seconds apart when piped; only the final figures with `--json`.
struct BroadcastWatch {
    let database: String
    let output: OutputOptions

    static let finished: Set<String> = ["completed", "failed", "canceled"]

    func follow(_ id: UUID) async throws {
        let connection = try await Connection.connect(to: database, applicationName: "herald-watch")
        let terminal = isatty(STDOUT_FILENO) == 1
        var lastPrinted = ContinuousClock.now - .seconds(10)
        while true {
            let progress = try await OperatorView.progress(of: id, on: connection)
            let done = progress.map { Self.finished.contains($0.status) } ?? false
            if output.json {
                if done, let progress { return try output.printJSON(progress) }
            } else if terminal {
                let line = progress.map(Self.line) ?? "waiting for a sender (herald run) to pick the broadcast up"
                FileHandle.standardOutput.write(Data("\r\u{1B}[2K\(line)".utf8))
                if done { return print("") }
            } else if done || ContinuousClock.now - lastPrinted >= .seconds(5) {
                print(progress.map(Self.line) ?? "waiting for a sender (herald run) to pick the broadcast up")
                lastPrinted = .now
                if done { return }
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    static func line(_ p: OperatorView.Progress) -> String {
        let total = max(p.audience, 1)
        let done = p.sent + p.failed + p.unknown
        let width = 24
        let filled = min(width, done * width / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        var line = "[\(bar)] \(done * 100 / total)%  \(p.status)  sent \(p.sent)  failed \(p.failed)"
        if p.blocked > 0 { line += " (blocked \(p.blocked))" }
        line += "  unknown \(p.unknown)  pending \(p.pending)"
        if p.status == "sending" { line += String(format: "  %.1f/s", p.rate) }
        if let left = p.secondsLeft { line += "  ETA \(Int(left.rounded(.up)))s" }
        if let reason = p.reason, p.status != "sending" { line += "  (\(reason))" }
        return line
    }
}
