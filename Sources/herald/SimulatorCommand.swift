import ArgumentParser
import Foundation
import TelegramSimulator

/// `herald simulator`: a local Telegram Bot API for the demo, scripts and benchmarks.
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Serve a simulated Telegram Bot API on 127.0.0.1.",
        discussion: """
            Bot API under /bot<token>/<method>; control API under /control (press, start, text, block, \
            unblock, limits, counters, messages, arrivals, reset). Prints its URL on the first line of output.
            """
    )

    @Option(help: "Port on 127.0.0.1; 0 picks a free one.")
    var port = 8081

    @Option(help: "Messages per second per bot; 0 turns every limit off.")
    var rate = 30.0

    @Option(help: "Messages per second per bot with allow_paid_broadcast.")
    var paidRate = 1000.0

    @Option(help: "Share of users (0...1) who have blocked the bot.")
    var blockedFraction = 0.0

    @Option(help: "Share of requests (0...1) answered with a 500.")
    var errorRate = 0.0

    @Option(help: "Share of delivered messages (0...1) whose answer is cut off: the client cannot tell it was sent.")
    var dropRate = 0.0

    @Option(help: "Milliseconds to wait before every Bot API answer.")
    var latency = 0

    @Option(help: "Recent messages kept per bot for /control/messages and presses; counters stay exact.")
    var messageWindow = 10_000

    @Option(name: .customLong("token"), help: "Accepted bot token (repeatable); default TELEGRAM_BOT_TOKEN, else any.")
    var tokens: [String] = []

    @Flag(help: "Log server events.")
    var verbose = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard rate >= 0, paidRate > 0 else { throw ValidationError("--rate and --paid-rate must not be negative") }
        guard (0...1).contains(blockedFraction), (0...1).contains(errorRate), (0...1).contains(dropRate) else {
            throw ValidationError("--blocked-fraction, --error-rate and --drop-rate must be within 0...1")
        }
        guard latency >= 0 else { throw ValidationError("--latency must not be negative") }
        guard messageWindow >= 1 else { throw ValidationError("--message-window must be at least 1") }
    }

    func run() async throws {
        var accepted = tokens
        if accepted.isEmpty, let token = ProcessInfo.processInfo.environment["TELEGRAM_BOT_TOKEN"], !token.isEmpty {
            accepted = [token]
        }
        let configuration = SimulatorConfiguration(
            tokens: accepted,
            rate: rate > 0 ? rate : nil,
            paidRate: paidRate,
            blockedFraction: blockedFraction,
            errorRate: errorRate,
            dropRate: dropRate,
            latency: .milliseconds(latency),
            messageWindow: messageWindow
        )
        let simulator = try await TelegramSimulator.start(configuration: configuration, port: port, verbose: verbose)
        // Unbuffered, so a script reading the first line sees it at once.
        FileHandle.standardOutput.write(Data("herald simulator listening on \(simulator.baseURL)\n".utf8))
        try await simulator.wait()
    }
}
