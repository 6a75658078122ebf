import Foundation
import Hummingbird
import Testing
import Telegram
import TelegramSimulator

/// A bot's webhook endpoint for tests: records each update with its secret header.
private struct Receiver {
    let port: Int
    let received: AsyncStream<(secret: String?, update: Update)>
    let server: Task<Void, any Error>

    static func start(status: HTTPResponse.Status = .ok) async throws -> Receiver {
        let (stream, continuation) = AsyncStream<(secret: String?, update: Update)>.makeStream()
        let router = Router()
        router.post("hook") { request, context -> HTTPResponse.Status in
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            let update = try decoder.decode(Update.self, from: Data(body.readableBytesView))
            let secret = request.headers.first { $0.name.canonicalName == "x-telegram-bot-api-secret-token" }?.value
            continuation.yield((secret, update))
            return status
        }
        let bound = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { bound.continuation.yield($0.localAddress?.port ?? 0) })
        let server = Task { try await app.run() }
        var ports = bound.stream.makeAsyncIterator()
        let port = try #require(await ports.next())
        return Receiver(port: port, received: stream, server: server)
    }
}

@Suite(.timeLimit(.minutes(5))) struct WebhookDeliveryTests {
    @Test func deliversUserActionsWithTheSecretHeaderInOrderOverOneConnection() async throws {
        let receiver = try await Receiver.start()
        defer { receiver.server.cancel() }
        try await withSimulator { simulator, client in
            try await client.setWebhook(
                SetWebhook(
                    url: "http://127.0.0.1:\(receiver.port)/hook", secretToken: "hook_secret-1", maxConnections: 1))
            let sent = try await client.sendMessage(
                SendMessage(
                    chatId: 8, text: "Deal",
                    replyMarkup: InlineKeyboardMarkup(inlineKeyboard: [[.callback("Buy", data: "c:d:buy")]])))
            try simulator.act(.start(payload: nil), user: 8)
            try simulator.act(.press(messageID: sent.messageId, callbackData: nil), user: 8)
            try simulator.act(.block, user: 8)
            var deliveries: [(secret: String?, update: Update)] = []
            for await delivery in receiver.received {
                deliveries.append(delivery)
                if deliveries.count == 3 { break }
            }
            #expect(deliveries.allSatisfy { $0.secret == "hook_secret-1" })
            #expect(deliveries[0].update.message?.text == "/start")
            #expect(deliveries[1].update.callbackQuery?.data == "c:d:buy")
            #expect(deliveries[2].update.myChatMember?.isBlock == true)
            #expect(
                deliveries.map(\.update.updateId) == [
                    deliveries[0].update.updateId, deliveries[0].update.updateId + 1, deliveries[0].update.updateId + 2,
                ])
        }
    }

    @Test func keepsAnUpdateTheWebhookRefusedAndRetriesIt() async throws {
        let receiver = try await Receiver.start(status: .internalServerError)
        defer { receiver.server.cancel() }
        try await withSimulator { simulator, client in
            try await client.setWebhook(SetWebhook(url: "http://127.0.0.1:\(receiver.port)/hook"))
            try simulator.act(.text("hello"), user: 3)
            var attempts = 0
            for await delivery in receiver.received {
                #expect(delivery.update.message?.text == "hello")
                attempts += 1
                if attempts == 2 { break }
            }
            let info = try await client.getWebhookInfo()
            #expect(info.pendingUpdateCount == 1)
            #expect(info.lastErrorMessage?.contains("500") == true)
        }
    }
}
