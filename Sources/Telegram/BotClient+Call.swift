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
        let request = TransportRequest(
            url: "\(apiURL)/bot\(token.secret)/\(method)",
            headers: ["Content-Type: application/json"],
            body: try encoder.encode(parameters),
            timeout: timeout
        )
        var attempt = 1
        while true {
            try await throttle.acquire(chat: chat)
            do {
                return try await perform(method, request)
            } catch let error as TelegramError {
                guard error.kind == .rateLimited, let seconds = error.retryAfter else { throw error }
                await throttle.pause(seconds: seconds)
                guard attempt < rateLimitedAttempts else { throw error }
                attempt += 1
            }
        }
    }

    private func perform<Result: Codable & Sendable>(_ method: String, _ request: TransportRequest) async throws
        -> Result
    {
        let response: TransportResponse
        do {
            response = try await transport.send(request)
        } catch let error as TransportError {
            throw TelegramError.transport(
                method: method, reason: error.reason, reach: error.mayHaveBeenDelivered ? .maybeDelivered : .notSent)
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let answer = try? decoder.decode(BotAPIResponse<Result>.self, from: response.body) else {
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
