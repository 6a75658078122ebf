import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import Server
import Testing

/// The request counter over real HTTP, in process: labelled by route pattern, not by path.
@Suite struct HTTPMetricsMiddlewareTests {
    /// swift-metrics takes one backend per process; every test in this bundle shares it.
    static let registry = HeraldMetrics.bootstrap()

    @Test func countsByRoutePatternSoIdsDoNotGrowSeries() async throws {
        let registry = Self.registry
        let router = Router()
        router.middlewares.add(HTTPMetricsMiddleware())
        router.get("things/{id}") { _, _ in "ok" }
        router.get("broken") { _, _ -> String in throw HTTPError(.badRequest) }
        let bound = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { bound.continuation.yield($0.localAddress?.port ?? 0) },
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let serving = Task { try await app.run() }
        defer { serving.cancel() }
        var ports = bound.stream.makeAsyncIterator()
        let port = try #require(await ports.next())

        for id in ["a", "b", "c"] { _ = try await get(port, "/things/\(id)") }
        #expect(try await get(port, "/broken").status == 400)

        let text = registry.emitToString()
        #expect(text.contains(#"herald_http_requests_total{route="/things/{id}",status="200"} 3"#), "\(text)")
        #expect(text.contains(#"herald_http_requests_total{route="/broken",status="400"} 1"#), "\(text)")
        #expect(!text.contains("/things/a"))
    }
}
