public import Hummingbird
import Metrics

/// Counts every request as `herald_http_requests_total{route,status}`.
///
/// `route` is the matched pattern (`/api/v1/broadcasts/{id}`), never the raw path, so ids in URLs
/// don't grow a series per request; requests no route matched share `NotFound`, Hummingbird's name.
public struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            let response = try await next(request, context)
            count(route: context.endpointPath, status: response.status.code)
            return response
        } catch {
            count(route: context.endpointPath, status: (error as? any HTTPResponseError)?.status.code ?? 500)
            throw error
        }
    }

    private func count(route: String?, status: Int) {
        Counter(
            label: "herald_http_requests_total", dimensions: [("route", route ?? "NotFound"), ("status", "\(status)")]
        ).increment()
    }
}
