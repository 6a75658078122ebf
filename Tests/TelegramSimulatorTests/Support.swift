import Telegram
import TelegramSimulator

let simulatorToken = BotToken("515151:simulator-test-secret")

/// A fresh simulator and a client for it, stopped after `body`.
func withSimulator<T>(
    _ configuration: SimulatorConfiguration = SimulatorConfiguration(tokens: [simulatorToken.secret]),
    _ body: (TelegramSimulator, BotClient) async throws -> T
) async throws -> T {
    let simulator = try await TelegramSimulator.start(configuration: configuration)
    let transport = try CurlTransport()
    let client = BotClient(token: simulatorToken, apiURL: simulator.baseURL, transport: transport, rateLimit: nil)
    defer { transport.shutdown() }
    do {
        let result = try await body(simulator, client)
        await simulator.stop()
        return result
    } catch {
        await simulator.stop()
        throw error
    }
}

/// Telegram's description for a refused call, or nil if it succeeded.
func refusal(_ call: () async throws -> some Any) async -> String? {
    do {
        _ = try await call()
        return nil
    } catch {
        return (error as? TelegramError)?.reason ?? "\(error)"
    }
}
