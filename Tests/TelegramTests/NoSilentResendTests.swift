import Testing
import Telegram

/// curl's own retry: a reused connection that dies before the answer's first byte.
@Suite struct NoSilentResendTests {
    /// curl would send the request again on a fresh connection and report the second answer as a
    /// success, with the message delivered twice; the transport refuses that resend.
    @Test func aReusedConnectionThatDiesBeforeAnsweringIsMaybeDeliveredNotResent() async throws {
        let server = try SilentServer(silentAt: 2)
        defer { server.stop() }
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let client = BotClient(
            token: testToken, apiURL: "http://127.0.0.1:\(server.port)", transport: transport, rateLimit: nil)
        let first: Bool = try await client.call("sendMessage", SendMessage(chatId: 1, text: "one"))
        let error = await telegramError {
            let _: Bool = try await client.call("sendMessage", SendMessage(chatId: 1, text: "two"))
        }
        #expect(first)
        #expect(error?.reach == .maybeDelivered)
        #expect(server.requests == 2)
    }
}
