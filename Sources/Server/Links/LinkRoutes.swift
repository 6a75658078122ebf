public import Hummingbird
import HTTPTypes

/// `GET /c/<token>`: a recipient opened a URL button's tracked link (`LinkRedirect`). `HEAD`
/// answers the same and records nothing.
public struct LinkRoutes: RouteSource {
    let redirect: LinkRedirect

    public init(redirect: LinkRedirect) {
        self.redirect = redirect
    }

    public var collection: RouteCollection<HeraldRequestContext> {
        let routes = RouteCollection(context: HeraldRequestContext.self)
        routes.get("c/:token") { request, context in await open(request, context, record: true) }
        // Hummingbird would answer HEAD with the GET handler: a link checker's HEAD is not a click.
        routes.head("c/:token") { request, context in await open(request, context, record: false) }
        return routes
    }

    func open(_ request: Request, _ context: HeraldRequestContext, record: Bool) async -> Response {
        let client = ClientAddress.resolve(
            peer: context.remoteAddress?.ipAddress.flatMap { IPAddress($0) },
            forwarded: Self.values(request.headers, "forwarded"),
            forwardedFor: Self.values(request.headers, "x-forwarded-for"), trusted: redirect.trusted)
        let outcome = await redirect.open(
            token: context.parameters.get("token") ?? "", userAgent: request.headers[.userAgent], clientIP: client,
            record: record)
        return Self.response(outcome)
    }

    static func response(_ outcome: LinkRedirect.Outcome) -> Response {
        switch outcome {
        case .redirect(let url):
            // No caching (every open is counted) and no Referer: the target never sees the token.
            var headers: HTTPFields = [.location: url, .cacheControl: "no-store"]
            if let policy = HTTPField.Name("Referrer-Policy") { headers[policy] = "no-referrer" }
            return Response(status: .found, headers: headers)
        case .notFound:
            return text("not found", status: .notFound)
        case .unavailable:
            return text("try again shortly", status: .serviceUnavailable)
        }
    }

    static func text(_ body: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body + "\n")))
    }

    /// Every value of the header named `canonicalName` (lowercase), in order.
    static func values(_ headers: HTTPFields, _ canonicalName: String) -> [String] {
        headers.filter { $0.name.canonicalName == canonicalName }.map(\.value)
    }
}
