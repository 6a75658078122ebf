public import Foundation
import Telegram

/// One HTTP answer of the simulated Bot API: status and JSON body.
public struct BotReply: Sendable {
    public var status: Int
    public var body: Data
    /// The request was carried out but the client must not get this answer: the server cuts it off.
    public internal(set) var dropsAnswer = false

    init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }

    static func ok<Result: Codable & Sendable>(_ result: Result) -> BotReply {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let body = (try? encoder.encode(BotAPIResponse(ok: true, result: result))) ?? Data()
        return BotReply(status: 200, body: body)
    }

    static func error(_ code: Int, _ description: String, parameters: ResponseParameters? = nil) -> BotReply {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let envelope = BotAPIResponse<Bool>(
            ok: false, errorCode: code, description: description, parameters: parameters)
        return BotReply(status: code, body: (try? encoder.encode(envelope)) ?? Data())
    }

    static func tooManyRequests(retryAfter: Int) -> BotReply {
        error(
            429, "Too Many Requests: retry after \(retryAfter)", parameters: ResponseParameters(retryAfter: retryAfter))
    }
}
