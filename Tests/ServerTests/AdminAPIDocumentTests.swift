import Foundation
import HeraldTestSupport
import Hummingbird
import Logging
import Postgres
import Server
import Testing

/// `/api/v1/openapi.json` against the router `herald run` serves.
@Suite(.timeLimit(.minutes(2))) struct AdminAPIDocumentTests {
    struct Route: Hashable, CustomStringConvertible {
        let method: String
        let path: String
        var description: String { "\(method) \(path)" }
    }

    /// Every (method, path) the document describes, fetched over HTTP.
    static func documentedRoutes(port: Int) async throws -> Set<Route> {
        let answer = try await APIServer.call(port: port, "GET", "openapi.json", token: nil)
        #expect(answer.status == 200)
        let paths = try #require(answer.json["paths"] as? [String: [String: Any]])
        return Set(
            paths.flatMap { path, operations in operations.keys.map { Route(method: $0.uppercased(), path: path) } })
    }

    @Test func theDocumentDescribesEveryRouteTheRouterServesAndNoOther() async throws {
        try await TestDatabase.with { db in
            let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            let server = OperatingServer(
                address: ListenAddress(host: "127.0.0.1", port: 0),
                readiness: Readiness(pool: ConnectionPool(configuration: db.url), maxLag: 0, holder: nil),
                registry: HTTPMetricsMiddlewareTests.registry, logger: logger,
                sources: [AdminAPI(token: APIToken(APIServer.token), database: db.url, logger: logger)])
            let registered = Set(
                server.router().routes.map { Route(method: $0.method.rawValue, path: $0.path.description) }
                    .filter { $0.path.hasPrefix("/api/v1/") && $0.path != "/api/v1/**" })
            #expect(registered.count >= 25)
            try await APIServer.with(db) { api in
                let documented = try await Self.documentedRoutes(port: api.port)
                #expect(registered.subtracting(documented).isEmpty, "served but not documented")
                #expect(documented.subtracting(registered).isEmpty, "documented but not served")
            }
        }
    }

    @Test func theDocumentIsOpenAPI31AndEveryReferenceResolves() async throws {
        try await TestDatabase.with { db in
            try await APIServer.with(db) { api in
                let answer = try await api.call("GET", "openapi.json", token: nil)
                #expect(answer.json["openapi"] as? String == "3.1.0")
                let components = try #require(answer.json["components"] as? [String: [String: Any]])
                var references: Set<String> = []
                func collect(_ value: Any) {
                    if let object = value as? [String: Any] {
                        if let reference = object["$ref"] as? String { references.insert(reference) }
                        object.values.forEach(collect)
                    } else if let array = value as? [Any] {
                        array.forEach(collect)
                    }
                }
                collect(answer.json)
                #expect(references.count > 10)
                for reference in references {
                    let parts = reference.split(separator: "/").map(String.init)  // #, components, kind, name
                    #expect(parts.count == 4 && components[parts[2]]?[parts[3]] != nil, "\(reference) resolves nowhere")
                }
            }
        }
    }
}
