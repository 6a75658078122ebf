import Foundation
import HeraldTestSupport
import Logging
import Postgres
import Server
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What `/` serves without a browser: the page, its style and script, each under a policy that lets
/// the browser load nothing from elsewhere, and nothing in them that would.
@Suite(.timeLimit(.minutes(2))) struct DashboardRouteTests {
    @Test func thePageItsStyleAndScriptComeFromThisServerOnly() async throws {
        try await TestDatabase.with { db in
            let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            let server = OperatingServer(
                address: ListenAddress(host: "127.0.0.1", port: 0),
                readiness: Readiness(pool: ConnectionPool(configuration: db.url), maxLag: 0, holder: nil),
                registry: HTTPMetricsMiddlewareTests.registry, logger: logger, sources: [Dashboard()])
            let running = try await server.start()
            defer { Task { await running.stop() } }
            for (path, type) in [
                ("/", "text/html"), ("/dashboard.css", "text/css"), ("/dashboard.js", "text/javascript"),
            ] {
                let url = try #require(URL(string: "http://127.0.0.1:\(running.port)\(path)"))
                let (data, response) = try await URLSession.shared.data(from: url)
                let http = try #require(response as? HTTPURLResponse)
                let body = String(decoding: data, as: UTF8.self)
                #expect(http.statusCode == 200, "\(path)")
                #expect(http.value(forHTTPHeaderField: "Content-Type")?.hasPrefix(type) == true, "\(path)")
                let policy = http.value(forHTTPHeaderField: "Content-Security-Policy") ?? ""
                #expect(policy.contains("default-src 'none'") && policy.contains("connect-src 'self'"), "\(path)")
                // The only absolute URL is SVG's namespace, a name the browser never fetches.
                let absolute = body.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
                #expect(!absolute.contains("http://") && !absolute.contains("https://") && !absolute.contains("//cdn"))
                #expect(!body.contains("@import") && !body.contains("url("), "\(path)")
            }
        }
    }
}
