import Foundation
import Hummingbird
import Telegram

/// `/control/...`: act as users, change limits, read counters and messages, reset.
///
/// Bodies are JSON objects; `bot_id` is optional and defaults to the first bot the simulator knows.
enum ControlRoutes {
    private struct Accepted: Encodable {
        var ok = true
        var update: Update?
    }

    private struct Failure: Encodable {
        var ok = false
        var description: String
    }

    static func add(to router: Router<BasicRequestContext>, core: SimulatorCore) {
        let control = router.group("control")
        control.post("press") { request, _ in
            try await act(request, core) { p in
                guard let message = p.int("message_id") else { return nil }
                return .press(messageID: Int(message), callbackData: p.string("callback_data"))
            }
        }
        control.post("start") { request, _ in try await act(request, core) { .start(payload: $0.string("payload")) } }
        control.post("text") { request, _ in try await act(request, core) { p in p.string("text").map(UserAction.text) }
        }
        control.post("redeliver") { request, _ in
            let p = try await parameters(request)
            guard let id = p.int("update_id") else {
                return Routes.json(400, Failure(description: "update_id is required"))
            }
            let update = core.state.withLock { $0.redeliver(Int(id), bot: p.int("bot_id")) }
            guard let update else { return Routes.json(404, Failure(description: "no recent update \(id)")) }
            core.signal.notifyAll()
            return Routes.json(200, Accepted(update: update))
        }
        control.post("block") { request, _ in try await act(request, core) { _ in .block } }
        control.post("unblock") { request, _ in try await act(request, core) { _ in .unblock } }
        control.post("limits") { request, _ in
            let p = try await parameters(request)
            core.state.withLock { state in
                state.reconfigure { config in
                    if p.has("rate") { config.rate = p.number("rate").flatMap { $0 > 0 ? $0 : nil } }
                    if let value = p.number("paid_rate") { config.paidRate = value }
                    if let value = p.int("per_chat_burst") { config.perChatBurst = Int(value) }
                    if let value = p.int("group_per_minute") { config.groupPerMinute = Int(value) }
                    if let value = p.number("error_rate") { config.errorRate = value }
                    if let value = p.number("drop_rate") { config.dropRate = value }
                    if let value = p.number("blocked_fraction") { config.blockedFraction = value }
                    if let value = p.int("latency_ms") { config.latency = .milliseconds(value) }
                }
            }
            return Routes.json(200, Accepted())
        }
        // Reads answer GET and POST alike, so any HTTP client (including Herald's) can fetch them.
        let counters: @Sendable (Request, BasicRequestContext) async throws -> Response = { _, _ in
            Routes.json(200, core.state.withLock { $0.countersReport })
        }
        let arrivals: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let bot = request.uri.queryParameters.get("bot_id").flatMap { Int64($0) }
            return Routes.json(200, ["bots": core.arrivals(bot: bot)])
        }
        let messages: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let chat = request.uri.queryParameters.get("chat_id").flatMap { Int64($0) }
            return Routes.json(200, core.state.withLock { $0.recordedMessages(chat: chat) })
        }
        control.get("counters", use: counters)
        control.post("counters", use: counters)
        control.get("messages", use: messages)
        control.post("messages", use: messages)
        control.get("arrivals", use: arrivals)
        control.post("arrivals", use: arrivals)
        control.post("reset") { _, _ in
            core.state.withLock { $0.reset() }
            return Routes.json(200, Accepted())
        }
    }

    private static func parameters(_ request: Request) async throws -> Parameters {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        return Parameters(
            body: Data(buffer.readableBytesView), contentType: "application/json", query: request.uri.query)
    }

    private static func act(_ request: Request, _ core: SimulatorCore, _ action: (Parameters) -> UserAction?)
        async throws -> Response
    {
        let p = try await parameters(request)
        guard let user = p.int("user_id"), let action = action(p) else {
            return Routes.json(400, Failure(description: "user_id and the action's fields are required"))
        }
        do {
            let update = try core.act(action, user: user, bot: p.int("bot_id"))
            return Routes.json(200, Accepted(update: update))
        } catch {
            return Routes.json(404, Failure(description: error.description))
        }
    }
}
