import Foundation
import Testing
import Telegram
import TelegramSimulator

/// How far a failed request got, over real HTTP: the dispatcher resends only what never left.
@Suite struct DeliveryReachTests {
    @Test func refusedConnectionIsNotSent() async throws {
        let refusing = try RefusingPort()
        let url = refusing.url
        let client = BotClient(token: testToken, apiURL: url, transport: try CurlTransport(), rateLimit: nil)
        let error = await telegramError { try await client.sendMessage(SendMessage(chatId: 1, text: "hi")) }
        withExtendedLifetime(refusing) {}
        #expect(error?.reach == .notSent)
        #expect(error?.kind == .transient)
    }

    @Test func badRequestIsAnswered() async throws {
        let error = try await withSimulator { _, client in
            await telegramError {
                try await client.sendMessage(SendMessage(chatId: 1, text: "Price 5.00", parseMode: "MarkdownV2"))
            }
        }
        #expect(error?.code == 400)
        #expect(error?.reach == .answered)
    }

    /// A second of timeout, so a loaded machine still uploads in time; the simulator answers later.
    @Test func timeoutAfterTheRequestWentOutIsMaybeDelivered() async throws {
        let transport = TransportConfiguration(totalTimeout: .seconds(1))
        let configuration = SimulatorConfiguration(rate: nil, latency: .seconds(3))
        let (error, sent) = try await withSimulator(configuration, transport: transport) { simulator, client in
            let error = await telegramError { try await client.sendMessage(SendMessage(chatId: 3, text: "slow")) }
            // The request is in the simulator's socket; under load its handler may not have run yet.
            let deadline = ContinuousClock.now + .seconds(5)
            while simulator.counters.sent == 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            return (error, simulator.counters.sent)
        }
        #expect(error?.reach == .maybeDelivered)
        #expect(error?.reason.contains("imeout") == true)
        #expect(sent == 1)
    }

    @Test func cancelingAfterTheRequestWentOutIsMaybeDelivered() async throws {
        let configuration = SimulatorConfiguration(rate: nil, latency: .seconds(2))
        let error = try await withSimulator(configuration) { simulator, client in
            let send = Task { await telegramError { try await client.sendMessage(SendMessage(chatId: 3, text: "x")) } }
            // The simulator records the message before it waits out the latency.
            while simulator.counters.sent == 0 { try await Task.sleep(for: .milliseconds(10)) }
            send.cancel()
            return await send.value
        }
        #expect(error?.reach == .maybeDelivered)
        #expect(error?.reason == "canceled")
    }

    @Test func requestsThatNeverStartedAreNotDelivered() async throws {
        let transport = try CurlTransport()
        let request = TransportRequest(url: "http://127.0.0.1:9/", body: Data("{}".utf8))
        let canceled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await transportError { try await transport.send(request) }
        }
        let canceledError = await canceled.value
        transport.shutdown()
        let afterShutdown = await transportError { try await transport.send(request) }
        #expect(canceledError?.reason == "canceled")
        #expect(canceledError?.mayHaveBeenDelivered == false)
        #expect(afterShutdown?.reason == "transport shut down")
        #expect(afterShutdown?.mayHaveBeenDelivered == false)
    }

    private func transportError(_ call: () async throws -> some Any) async -> TransportError? {
        do {
            _ = try await call()
            return nil
        } catch {
            return error as? TransportError
        }
    }
}
