import Foundation
import Telegram
import TelegramSimulator

/// A token for tests; the suites check it never shows up in an error.
let testToken = BotToken("424242:test-secret-do-not-print")

/// Runs `body` against a fresh in-process simulator and a client pointed at it, then stops both.
func withSimulator<T>(
    _ configuration: SimulatorConfiguration = SimulatorConfiguration(),
    rateLimit: RateLimiter.Configuration? = nil,
    rateLimitedAttempts: Int = 1,
    transport: TransportConfiguration = TransportConfiguration(),
    _ body: (TelegramSimulator, BotClient) async throws -> T
) async throws -> T {
    var configuration = configuration
    if configuration.tokens.isEmpty { configuration.tokens = [testToken.secret] }
    let simulator = try await TelegramSimulator.start(configuration: configuration)
    let client = BotClient(
        token: testToken,
        apiURL: simulator.baseURL,
        transport: try CurlTransport(configuration: transport),
        rateLimit: rateLimit,
        rateLimitedAttempts: rateLimitedAttempts
    )
    do {
        let result = try await body(simulator, client)
        client.transport.shutdown()
        await simulator.stop()
        return result
    } catch {
        client.transport.shutdown()
        await simulator.stop()
        throw error
    }
}

/// The error a call threw, as a `TelegramError`, or nil when it succeeded or threw something else.
func telegramError(_ call: () async throws -> some Any) async -> TelegramError? {
    do {
        _ = try await call()
        return nil
    } catch {
        return error as? TelegramError
    }
}

extension InlineKeyboardMarkup {
    static func oneButton(_ data: String) -> InlineKeyboardMarkup {
        InlineKeyboardMarkup(inlineKeyboard: [[.callback("Open", data: data)]])
    }
}

/// A loopback port that refuses connections for as long as the value lives: bound but not
/// listening, so no other test's server can be given it meanwhile (a stopped server's port can).
final class RefusingPort: Sendable {
    let url: String
    private let descriptor: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard fd >= 0, bound else {
            if fd >= 0 { close(fd) }
            throw POSIXError(.EADDRNOTAVAIL)
        }
        descriptor = fd
        url = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
    }

    deinit { close(descriptor) }
}
