import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Logging
import Postgres
import Server
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The admin API served in process by the same `OperatingServer` `herald run` starts, on a port
/// of its own, over a test's database: real HTTP, real PostgreSQL, no sender running.
struct APIServer: Sendable {
    static let token = "test-api-t0ken"

    let db: TestDatabase
    let running: RunningServer
    var port: Int { running.port }

    /// Serves `db` for the length of `body`.
    static func with<T: Sendable>(
        _ db: TestDatabase, acknowledgementTimeout: Duration = .seconds(10), _ body: (APIServer) async throws -> T
    ) async throws -> T {
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        var api = AdminAPI(token: APIToken(token), database: db.url, logger: logger)
        api.acknowledgementTimeout = acknowledgementTimeout
        let server = OperatingServer(
            address: ListenAddress(host: "127.0.0.1", port: 0),
            readiness: Readiness(
                pool: ConnectionPool(configuration: db.url, maximumConnections: 1), maxLag: 0, holder: nil),
            registry: HTTPMetricsMiddlewareTests.registry, logger: logger,
            sources: [api])
        let running = try await server.start()
        do {
            let value = try await body(APIServer(db: db, running: running))
            await running.stop()
            return value
        } catch {
            await running.stop()
            throw error
        }
    }

    /// One answer: its status, its headers and its body as JSON.
    struct Answer: @unchecked Sendable {  // `json` is parsed once and only read.
        let status: Int
        let headers: [String: String]
        let text: String
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
        }
        /// `error.code`, `error.field` of a refusal.
        var code: String? { (json["error"] as? [String: Any])?["code"] as? String }
        var field: String? { (json["error"] as? [String: Any])?["field"] as? String }
        var message: String? { (json["error"] as? [String: Any])?["message"] as? String }
    }

    /// Calls `method path` with the API's token (or `token`), a JSON body and an `Idempotency-Key`.
    func call(
        _ method: String, _ path: String, _ body: String? = nil, token: String? = APIServer.token,
        key: String? = nil
    ) async throws -> Answer {
        try await APIServer.call(port: port, method, path, body, token: token, key: key)
    }

    static func call(
        port: Int, _ method: String, _ path: String, _ body: String? = nil, token: String? = APIServer.token,
        key: String? = nil
    ) async throws -> Answer {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/api/v1/\(path)")))
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let key { request.setValue(key, forHTTPHeaderField: "Idempotency-Key") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return Answer(status: http.statusCode, headers: headers, text: String(decoding: data, as: UTF8.self))
    }

    /// The log's head position.
    func head() async throws -> Int64 {
        try await EventStore(configuration: db.url, maximumConnections: 1).head()
    }

    /// Registers recipients as `herald recipients import` does.
    func importRecipients(_ csv: String) async throws {
        try await Self.importRecipients(csv, into: db)
    }

    static func importRecipients(_ csv: String, into db: TestDatabase) async throws {
        _ = try await RecipientImport(csv: csv).run(
            on: EventStore(configuration: db.url, maximumConnections: 1), metadata: CommandMetadata(actor: "test"))
    }

    /// Creates a template through the API.
    func template(_ name: String, _ text: String = "Hello {{ username }}") async throws {
        let body = try APIServer.json(["name": name, "text": text, "buttons": [["id": "buy", "text": "Buy"]]])
        let answer = try await call("POST", "templates", body)
        #expect(answer.status == 201, "\(answer.text)")
    }

    /// Creates a broadcast through the API; returns its id.
    func broadcast(_ extra: [String: Any] = [:], template: String = "hello", cohort: [String: Any] = [:])
        async throws -> String
    {
        let fields: [String: Any] = ["title": "Spring sale", "template": template, "cohort": cohort]
        let answer = try await call("POST", "broadcasts", try APIServer.json(fields.merging(extra) { $1 }))
        #expect(answer.status == 201, "\(answer.text)")
        return try #require(answer.json["broadcast_id"] as? String)
    }

    static func json(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
