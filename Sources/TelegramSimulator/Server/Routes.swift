import Foundation
import Hummingbird
import Telegram

/// The HTTP surface: the Bot API under `/bot<token>/<method>` and the control API under `/control`.
enum Routes {
    static func router(_ core: SimulatorCore) -> Router<BasicRequestContext> {
        let router = Router()
        let bot: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
            var request = request
            let token = context.parameters.get("token") ?? ""
            let method = context.parameters.get("method") ?? ""
            let buffer = try await request.collectBody(upTo: 1 << 20)
            let parameters = Parameters(
                body: Data(buffer.readableBytesView),
                contentType: request.headers[.contentType],
                query: request.uri.query)
            let reply = await core.botRequest(token: token, method: method, parameters: parameters)
            return reply.dropsAnswer ? cutOff(reply.body) : json(reply.status, reply.body)
        }
        router.post("bot{token}/{method}", use: bot)
        router.get("bot{token}/{method}", use: bot)
        ControlRoutes.add(to: router, core: core)
        return router
    }

    static func json(_ status: Int, _ body: Data) -> Response {
        Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// An answer that breaks off: the head promises the whole body, half of it goes out, then the
    /// body's writer throws and Hummingbird closes the connection.
    ///
    /// Not a bare close: on a reused keep-alive connection, a close before any byte of the answer
    /// looks to curl (and many clients) like a connection the server dropped while idle, and they
    /// resend the request, turning the fault into a silent duplicate. Herald's transport refuses that
    /// resend, but other clients may not. With the head sent first, every client sees what a lost
    /// answer is: an error after its request was sent.
    static func cutOff(_ body: Data) -> Response {
        let half = ByteBuffer(bytes: body.prefix(body.count / 2))
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: ResponseBody(contentLength: body.count) { writer in
                try await writer.write(half)
                throw AnswerDropped()
            })
    }

    /// Ends a response on purpose: the `drop_rate` fault.
    struct AnswerDropped: Error {}

    static func json<Value: Encodable>(_ status: Int, _ value: Value) -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return json(status, (try? encoder.encode(value)) ?? Data("{}".utf8))
    }
}
