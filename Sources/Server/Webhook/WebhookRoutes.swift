public import Engine
import Foundation
public import Hummingbird
public import Logging
import NIOCore
public import Telegram

/// The path Telegram POSTs updates to (`herald run --webhook URL` serves that URL's path).
///
/// A missing or wrong `X-Telegram-Bot-Api-Secret-Token` is refused (401) before the body is read,
/// and nothing is recorded. A body Telegram sent but Herald cannot use (malformed, of an unknown
/// kind, out of range) gets 200 so that Telegram does not send it again; one that failed to be
/// recorded (the database unreachable) gets 503 so that it does. 2xx only after the update's
/// events are committed. One answer to a callback query rides in the HTTP answer as
/// `{"method": "answerCallbackQuery", …}`; any other call is made through the Bot API client.
public struct WebhookRoutes: RouteSource {
    public static var secretHeader: String { "X-Telegram-Bot-Api-Secret-Token" }
    /// Telegram's updates are a few KiB; a megabyte is more than any legitimate one.
    public static var maximumBody: Int { 1 << 20 }

    let path: String
    let secret: String
    let handler: UpdateHandler
    let client: BotClient
    let logger: Logger

    public init(path: String, secret: String, handler: UpdateHandler, client: BotClient, logger: Logger) {
        self.path = path
        self.secret = secret
        self.handler = handler
        self.client = client
        self.logger = logger
    }

    public var collection: RouteCollection<HeraldRequestContext> {
        let routes = RouteCollection(context: HeraldRequestContext.self)
        let header = Self.secretHeader.lowercased()
        routes.post(RouterPath(path)) { request, _ in
            guard SecretComparison.matches(request.headers.first { $0.name.canonicalName == header }?.value, secret)
            else {
                return Self.reply(.unauthorized, #"{"ok":false,"description":"wrong or missing secret token"}"#)
            }
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: Self.maximumBody)
            } catch {
                return Self.reply(.contentTooLarge, #"{"ok":false,"description":"body over 1 MiB"}"#)
            }
            return await receive(Data(buffer: body))
        }
        return routes
    }

    func receive(_ body: Data) async -> Response {
        let update: Update
        do {
            update = try Self.decoder.decode(Update.self, from: body)
        } catch {
            logger.warning(
                "webhook body is not an update Herald can read; ignored", metadata: ["bytes": "\(body.count)"])
            return Self.reply(.ok, "{}")
        }
        let calls: [BotCall]
        do {
            calls = try await handler.receive(update)
        } catch {
            logger.error(
                "update not recorded; Telegram will deliver it again",
                metadata: ["update_id": "\(update.updateId)", "error": "\(error)"])
            return Self.reply(.serviceUnavailable, #"{"ok":false,"description":"not recorded, try again"}"#)
        }
        var rest = calls
        var inline = "{}"
        if let index = rest.firstIndex(where: { if case .answer = $0 { true } else { false } }),
            case .answer(let answer) = rest.remove(at: index)
        {
            inline = answer.webhookReply
        }
        if !rest.isEmpty {
            // In order (a preview before the question that follows it), without holding the answer.
            let (client, logger) = (client, logger)
            Task {
                for call in rest {
                    do { try await call.perform(with: client) } catch {
                        logger.warning(
                            "reply to an update failed", metadata: ["method": "\(call.method)", "error": "\(error)"])
                    }
                }
            }
        }
        return Self.reply(.ok, inline)
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    static func reply(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
