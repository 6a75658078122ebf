import Broadcasting
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The simulator playing the users, and `herald run` receiving their updates by webhook or polling.
extension SendingRig {
    enum Intake: String, CaseIterable, Sendable {
        case webhook, poll
    }

    /// Starts `herald run` receiving updates in `intake` mode; returns once it receives them (the
    /// webhook is set at the simulator, or the poller took its lease).
    func startIntake(_ intake: Intake, _ extra: [String: String] = [:]) async throws -> (Process, port: Int) {
        let port = try freePort()
        var environment = ["HERALD_LISTEN": "127.0.0.1:\(port)"].merging(extra) { $1 }
        let arguments: [String]
        switch intake {
        case .webhook: arguments = ["--webhook", "http://127.0.0.1:\(port)/telegram"]
        case .poll:
            arguments = ["--poll"]
            environment["HERALD_LISTEN"] = environment["HERALD_LISTEN"] ?? "off"
        }
        let process = try startRun(environment, arguments: arguments)
        try await until("herald run receives updates", timeout: .seconds(60)) {
            guard process.isRunning else { throw CancellationError() }
            switch intake {
            case .webhook:
                let info = try await botMethod("getWebhookInfo")
                return ((info["result"] as? [String: Any])?["url"] as? String)?.hasSuffix("/telegram") == true
            case .poll:
                return try await db.connect().query("SELECT count(*) FROM herald.intake WHERE mode = 'poll'")[0]
                    .decode(Int.self, at: 0) == 1
            }
        }
        return (process, port)
    }

    /// Waits until the simulator has no update left to deliver (each one recorded and confirmed).
    func drained() async throws {
        try await until("every update is delivered") {
            let info = try await botMethod("getWebhookInfo")
            return (info["result"] as? [String: Any])?["pending_update_count"] as? Int == 0
        }
    }

    /// A user acts at the simulator (`press`, `start`, `text`, `block`, `unblock`, `redeliver`).
    @discardableResult
    func act(_ action: String, _ parameters: [String: Any]) async throws -> [String: Any] {
        try await post("\(simulator.baseURL)/control/\(action)", parameters)
    }

    /// A Bot API call at the simulator with the rig's token.
    func botMethod(_ method: String, _ parameters: [String: Any] = [:]) async throws -> [String: Any] {
        try await post("\(simulator.baseURL)/bot\(token)/\(method)", parameters)
    }

    /// Messages the bot sent to `chat`, oldest first.
    func messages(chat: Int64) async throws -> [[String: Any]] {
        let object = try await post("\(simulator.baseURL)/control/messages?chat_id=\(chat)", [:], array: true)
        return object["messages"] as? [[String: Any]] ?? []
    }

    func counters() async throws -> [String: Any] {
        try await post("\(simulator.baseURL)/control/counters", [:])
    }

    private func post(_ url: String, _ parameters: [String: Any], array: Bool = false) async throws -> [String: Any] {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: parameters)
        let (data, _) = try await URLSession.shared.data(for: request)
        let object = try JSONSerialization.jsonObject(with: data)
        if array, let list = object as? [[String: Any]] { return ["messages": list] }
        return object as? [String: Any] ?? [:]
    }

    /// Waits until `check` holds, woken by the log's NOTIFY (or every 200 ms for state outside it).
    func until(
        _ what: String, timeout: Duration = .seconds(60), _ check: () async throws -> Bool
    ) async throws {
        let connection = try await db.connect()
        try await connection.listen(EventStore.notificationChannel)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await check() { return }
            _ = try await connection.waitForNotifications(timeout: .milliseconds(200))
        }
        Issue.record("timed out waiting until \(what)")
        throw CancellationError()
    }

    /// Events of `type` in the log whose stream starts with `prefix`.
    func events(_ type: String, streamPrefix prefix: String = "") async throws -> Int {
        try await db.connect().query(
            "SELECT count(*) FROM herald.events WHERE type = \(type) AND stream LIKE \(prefix + "%")")[0]
            .decode(Int.self, at: 0)
    }

    func head() async throws -> Int64 {
        try await EventStore(configuration: db.url, maximumConnections: 1).head()
    }
}

/// A TCP port nothing listens on now, for a `herald run` whose webhook URL must name its port.
func freePort() throws -> Int {
    let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    try withUnsafeMutablePointer(to: &address) { pointer in
        try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            guard bind(socket, raw, length) == 0, getsockname(socket, raw, &length) == 0 else {
                throw CancellationError()
            }
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

extension SendingRig {
    /// The newest message the bot sent to `chat` whose text contains `text`, once it arrives.
    func awaitMessage(chat: Int64, containing text: String, after: Int = 0) async throws -> [String: Any] {
        var found: [String: Any]?
        try await until("the bot says \"\(text)\" to \(chat)") {
            found = try await messages(chat: chat).last { message in
                (message["message_id"] as? Int ?? 0) > after && (message["text"] as? String)?.contains(text) == true
            }
            return found != nil
        }
        return try #require(found)
    }

    /// `user` presses the button labelled `label` on `message`; returns the update the simulator queued.
    @discardableResult
    func press(_ label: String, on message: [String: Any], as user: Int64) async throws -> [String: Any] {
        let rows = (message["reply_markup"] as? [String: Any])?["inline_keyboard"] as? [[[String: Any]]] ?? []
        let button = try #require(rows.joined().first { $0["text"] as? String == label }, "no button \(label)")
        return try await act(
            "press",
            [
                "user_id": user, "message_id": message["message_id"] as? Int ?? 0,
                "callback_data": button["callback_data"] ?? "",
            ])
    }
}
