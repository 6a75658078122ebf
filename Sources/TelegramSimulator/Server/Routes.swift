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
            return json(reply.status, reply.body)
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

    static func json<Value: Encodable>(_ status: Int, _ value: Value) -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return json(status, (try? encoder.encode(value)) ?? Data("{}".utf8))
    }
}
