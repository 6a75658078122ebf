import Metrics
public import Prometheus

/// The process's one Prometheus registry, behind swift-metrics.
///
/// `MetricsSystem.bootstrap` may run once per process, so `herald run` calls `bootstrap()` once;
/// every `Counter(label:)` the engine creates after that lands in this registry, which `/metrics`
/// renders.
public enum HeraldMetrics {
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }
}
