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
