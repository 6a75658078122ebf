import Testing

@testable import Telegram
import TelegramSimulator

@Suite(.timeLimit(.minutes(5))) struct ErrorClassificationTests {
    /// One message per 5 seconds, so the second send is over the limit however loaded the machine
    /// is (at 1 per second, a busy CI run once let a second pass between the two sends).
    @Test func rateLimitedCarriesRetryAfter() async throws {
        let error = try await withSimulator(SimulatorConfiguration(rate: 0.2)) { _, client in
            _ = try await client.sendMessage(SendMessage(chatId: 1, text: "one"))
            return await telegramError { try await client.sendMessage(SendMessage(chatId: 2, text: "two")) }
        }
        #expect(error?.kind == .rateLimited)
        #expect((1...5).contains(error?.retryAfter ?? 0), "\(String(describing: error?.retryAfter))")
        #expect(error?.code == 429)
    }

    @Test func blockedUserIsRecipientGone() async throws {
        let error = try await withSimulator { simulator, client in
            try simulator.act(.block, user: 31)
            return await telegramError { try await client.sendMessage(SendMessage(chatId: 31, text: "hi")) }
        }
        #expect(error?.kind == .recipientGone)
        #expect(error?.reason == "Forbidden: bot was blocked by the user")
    }

    @Test func deactivatedUserAndMissingChatAreRecipientGone() async throws {
        let configuration = SimulatorConfiguration(missingChats: [404], deactivatedUsers: [410])
        let errors = try await withSimulator(configuration) { _, client in
            [
                await telegramError { try await client.sendMessage(SendMessage(chatId: 404, text: "hi")) },
                await telegramError { try await client.sendMessage(SendMessage(chatId: 410, text: "hi")) },
            ]
        }
        #expect(errors.map { $0?.kind } == [.recipientGone, .recipientGone])
        #expect(errors[0]?.reason == "Bad Request: chat not found")
    }

    @Test func badTextIsContentError() async throws {
        let errors = try await withSimulator { _, client in
            [
                await telegramError {
                    try await client.sendMessage(SendMessage(chatId: 1, text: "Price 5.00", parseMode: "MarkdownV2"))
                },
                await telegramError {
                    try await client.sendMessage(SendMessage(chatId: 2, text: String(repeating: "a", count: 4097)))
                },
            ]
        }
        #expect(errors.map { $0?.kind } == [.contentError, .contentError])
    }

    @Test func migratedGroupNamesTheNewChat() async throws {
        let configuration = SimulatorConfiguration(migratedGroups: [-100: -1_000_000_100])
        let error = try await withSimulator(configuration) { _, client in
            await telegramError { try await client.sendMessage(SendMessage(chatId: -100, text: "hi")) }
        }
        #expect(error?.kind == .chatMigrated)
        #expect(error?.migratedTo == -1_000_000_100)
    }

    @Test func serverErrorIsTransient() async throws {
        let error = try await withSimulator(SimulatorConfiguration(errorRate: 1)) { _, client in
            await telegramError { try await client.getMe() }
        }
        #expect(error?.kind == .transient)
        #expect(error?.code == 500)
    }

    @Test func refusedConnectionIsTransientAndHidesTheToken() async throws {
        let refusing = try RefusingPort()
        let url = refusing.url
        let client = BotClient(token: testToken, apiURL: url, transport: try CurlTransport())
        let error = await telegramError { try await client.getMe() }
        withExtendedLifetime(refusing) {}
        #expect(error?.kind == .transient)
        #expect(error?.code == nil)
        // Booleans, so a failing expectation cannot print the token either.
        let errorShowsToken = String(describing: error).contains(testToken.secret)
        let tokenShowsSecret = String(describing: testToken).contains("test-secret")
        #expect(!errorShowsToken)
        #expect(!tokenShowsSecret)
    }

    @Test func timeoutIsTransient() async throws {
        let transport = TransportConfiguration(totalTimeout: .milliseconds(200))
        let configuration = SimulatorConfiguration(latency: .seconds(2))
        let error = try await withSimulator(configuration, transport: transport) { _, client in
            await telegramError { try await client.getMe() }
        }
        #expect(error?.kind == .transient)
        #expect(error?.reason.contains("imeout") == true)
    }

    @Test func classificationReadsCodeAndDescription() {
        let kicked = TelegramError.classify(
            method: "sendMessage", code: 403, description: "Forbidden: bot was kicked from the group chat",
            parameters: nil)
        let unknown = TelegramError.classify(
            method: "sendMessage", code: 401, description: "Unauthorized", parameters: nil)
        #expect(kicked.kind == .recipientGone)
        #expect(unknown.kind == .rejected)
        #expect(!unknown.isRetryable)
    }
}
