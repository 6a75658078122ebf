public import Hummingbird
public import Prometheus

/// `/metrics`: the registry in Prometheus text exposition format, for a scraper.
public struct MetricsRoutes<Context: RequestContext>: Sendable {
    let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    public var collection: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("metrics") { _, _ in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        return routes
    }
}
