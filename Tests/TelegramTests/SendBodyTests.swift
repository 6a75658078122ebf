import Foundation
import PropertyBased
import Telegram
import Testing

/// The hand-written `sendMessage` body against `JSONEncoder`'s, and the sender's path over real HTTP.
@Suite(.timeLimit(.minutes(2))) struct SendBodyTests {
    /// Text from the characters JSON treats specially (quote, backslash, every control
    /// character), ASCII, multi-byte letters, emoji and the line separators, in any order.
    static let texts = Gen.oneOf(
        Gen<UInt32>.value(in: 0...0x1F), Gen.always(0x22), Gen.always(0x5C), Gen.always(0x2F),
        Gen<UInt32>.value(in: 0x20...0x7E), Gen<UInt32>.value(in: 0xA0...0x2FFF),
        Gen.always(0x2028), Gen.always(0x2029), Gen<UInt32>.value(in: 0x1F300...0x1F6FF)
    ).map { Character(Unicode.Scalar($0)!) }.array(of: 0...40).map { String($0) }

    static let messages = zip(Gen.int64(), texts, texts, texts, Gen.int(in: 0...5)).map {
        chat, text, label, target, shape in
        SendMessage(
            chatId: chat, text: text, parseMode: shape % 2 == 0 ? nil : "MarkdownV2",
            replyMarkup: shape < 2
                ? nil
                : InlineKeyboardMarkup(inlineKeyboard: [
                    [.callback(label, data: target)], [.link(label, url: target), .callback(text, data: label)],
                ]),
            allowPaidBroadcast: shape == 3 ? nil : shape == 4)
    }

    @Test func theBodyIsTheObjectJSONEncoderWrites() async throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        await propertyCheck(input: Self.messages) { message in
            let written = try JSONSerialization.jsonObject(with: message.jsonBody) as? NSDictionary
            let encoded = try JSONSerialization.jsonObject(with: try encoder.encode(message)) as? NSDictionary
            #expect(written != nil)
            #expect(written == encoded, "\(String(decoding: message.jsonBody, as: UTF8.self))")
        }
    }

    @Test func everyControlCharacterIsEscaped() {
        let text = String((0..<0x20).map { Character(Unicode.Scalar($0)!) }) + #""\"#
        let body = SendMessage(chatId: 1, text: text).jsonBody
        #expect(!body.contains(where: { $0 < 0x20 }))
        #expect(String(decoding: body, as: UTF8.self).contains(#"\u0000\u0001"#))
    }

    @Test func theSendersPathReadsTheMessageIdAndChatAndTheSameErrors() async throws {
        try await withSimulator { simulator, client in
            let request = SendMessage(
                chatId: 77, text: "Line one\nline \"two\" \\ é 🎉", replyMarkup: .oneButton("c:abc:1"),
                allowPaidBroadcast: true)
            let sent = try await client.send(request)
            #expect(sent.chatID == 77)
            let recorded = try #require(simulator.messages(chat: 77).first)
            #expect(recorded.text == request.text)
            #expect(recorded.paidBroadcast)
            #expect(sent.messageId == recorded.messageId)
            #expect(recorded.replyMarkup == request.replyMarkup)
            let tooLong = await telegramError {
                try await client.send(SendMessage(chatId: 2, text: String(repeating: "a", count: 4097)))
            }
            let alsoTooLong = await telegramError {
                try await client.sendMessage(SendMessage(chatId: 3, text: String(repeating: "a", count: 4097)))
            }
            #expect(tooLong?.kind == alsoTooLong?.kind)
            #expect(tooLong?.code == 400)
        }
    }
}

extension SendBodyTests {
    @Test func aWebhookReplyIsTheMethodAndTheAnswersParameters() async throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        await propertyCheck(input: Self.texts, Self.texts, Gen.int(in: 0...2)) { id, text, shape in
            let answer = AnswerCallbackQuery(
                callbackQueryId: id, text: shape == 0 ? nil : text, showAlert: shape == 2 ? true : nil)
            let written = try JSONSerialization.jsonObject(with: Data(answer.webhookReply.utf8)) as? NSDictionary
            let expected = try #require(
                try JSONSerialization.jsonObject(with: try encoder.encode(answer)) as? [String: Any])
            #expect(written == expected.merging(["method": "answerCallbackQuery"]) { a, _ in a } as NSDictionary)
        }
    }
}
