import Foundation

extension BotClient {
    /// Calls any Bot API method with JSON parameters and decodes its `result`.
    public func call<Parameters: Encodable & Sendable, Result: Codable & Sendable>(
        _ method: String,
        _ parameters: Parameters,
        chat: Int64? = nil,
        timeout: Duration? = nil
    ) async throws -> Result {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try await call(method, body: try encoder.encode(parameters), chat: chat, timeout: timeout) { body in
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(BotAPIResponse<Result>.self, from: body).answer
        }
    }

    /// `sendMessage` on the sender's path: the same request as `sendMessage`, its body written
    /// directly and only the message's id and chat read from the answer.
    public func send(_ message: SendMessage) async throws -> SentMessage {
        try await call("sendMessage", body: message.jsonBody, chat: message.chatId, timeout: nil) { body in
            try JSONDecoder().decode(Answer<SentMessage>.self, from: body)
        }
    }

    private func call<Result: Sendable>(
        _ method: String, body: Data, chat: Int64?, timeout: Duration?,
        decode: @Sendable (Data) throws -> Answer<Result>
    ) async throws -> Result {
        let request = TransportRequest(
            url: "\(apiURL)/bot\(token.secret)/\(method)",
            headers: ["Content-Type: application/json"],
            body: body,
            timeout: timeout
        )
        var attempt = 1
        while true {
            try await throttle.acquire(chat: chat)
            do {
                return try await perform(method, request, decode: decode)
            } catch let error as TelegramError {
                guard error.kind == .rateLimited, let seconds = error.retryAfter else { throw error }
                await throttle.pause(seconds: seconds)
                guard attempt < rateLimitedAttempts else { throw error }
                attempt += 1
            }
        }
    }

    private func perform<Result: Sendable>(
        _ method: String, _ request: TransportRequest, decode: (Data) throws -> Answer<Result>
    ) async throws -> Result {
        let response: TransportResponse
        do {
            response = try await transport.send(request)
        } catch let error as TransportError {
            throw TelegramError.transport(
                method: method, reason: error.reason, reach: error.mayHaveBeenDelivered ? .maybeDelivered : .notSent)
        }
        guard let answer = try? decode(response.body) else {
            // A 2xx Telegram cannot be read: it may well have sent the message.
            if response.status >= 200 && response.status < 300 {
                throw TelegramError.transport(
                    method: method, reason: "unreadable answer (HTTP \(response.status))", reach: .maybeDelivered)
            }
            throw TelegramError.classify(method: method, code: response.status, description: nil, parameters: nil)
        }
        if answer.ok, let result = answer.result { return result }
        throw TelegramError.classify(
            method: method,
            code: answer.errorCode ?? response.status,
            description: answer.description,
            parameters: answer.parameters
        )
    }
}

/// An answer as `perform` reads it: converted from a `BotAPIResponse`, or decoded with explicit
/// keys by a decoder without the snake-case strategy (which rewrites every key of every object it
/// opens, the result's own included).
struct Answer<Result: Sendable>: Sendable {
    var ok: Bool
    var result: Result?
    var errorCode: Int?
    var description: String?
    var parameters: ResponseParameters?

    init(ok: Bool, result: Result?, errorCode: Int?, description: String?, parameters: ResponseParameters?) {
        (self.ok, self.result, self.errorCode, self.description, self.parameters) =
            (ok, result, errorCode, description, parameters)
    }
}

extension Answer: Decodable where Result: Decodable {
    enum CodingKeys: String, CodingKey {
        case ok, result, errorCode = "error_code", description, parameters
    }

    enum ParameterKeys: String, CodingKey {
        case retryAfter = "retry_after", migrateToChatId = "migrate_to_chat_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ok = try container.decode(Bool.self, forKey: .ok)
        result = try container.decodeIfPresent(Result.self, forKey: .result)
        errorCode = try container.decodeIfPresent(Int.self, forKey: .errorCode)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        if container.contains(.parameters), try !container.decodeNil(forKey: .parameters) {
            let given = try container.nestedContainer(keyedBy: ParameterKeys.self, forKey: .parameters)
            parameters = ResponseParameters(
                retryAfter: try given.decodeIfPresent(Int.self, forKey: .retryAfter),
                migrateToChatId: try given.decodeIfPresent(Int64.self, forKey: .migrateToChatId))
        } else {
            parameters = nil
        }
    }
}

extension BotAPIResponse {
    var answer: Answer<Result> {
        Answer(ok: ok, result: result, errorCode: errorCode, description: description, parameters: parameters)
    }
}
