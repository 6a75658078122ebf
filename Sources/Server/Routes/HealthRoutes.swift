import Foundation
public import Hummingbird

/// `/healthz` and `/readyz`, for an orchestrator's liveness and readiness probes.
public struct HealthRoutes<Context: RequestContext>: Sendable {
    let readiness: Readiness

    public init(readiness: Readiness) {
        self.readiness = readiness
    }

    public var collection: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        // Liveness asks nothing of the database: a restart would not bring it back.
        routes.get("healthz") { _, _ in Self.json(#"{"status":"ok"}"#, status: .ok) }
        routes.get("readyz") { _, _ in
            let report = await readiness.report()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let body = (try? encoder.encode(report)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return Self.json(body, status: report.ready ? .ok : .serviceUnavailable)
        }
        return routes
    }

    static func json(_ body: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body + "\n")))
    }
}
