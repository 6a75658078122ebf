import HTTPTypes
public import Hummingbird

/// The dashboard at `/`: one page, its stylesheet and its script, all served from this binary, so a
/// browser fetches nothing from elsewhere. The page holds no data and no secret: its script asks
/// for the admin API's token once, keeps it in the tab's `sessionStorage`, and reads everything
/// from `/api/v1` with it, so the dashboard shows exactly what the API answers.
public struct Dashboard: RouteSource {
    public init() {}

    public var collection: RouteCollection<HeraldRequestContext> {
        let routes = RouteCollection(context: HeraldRequestContext.self)
        routes.get("/") { _, _ in Self.response(DashboardPage.html, type: "text/html; charset=utf-8") }
        routes.get("dashboard.css") { _, _ in Self.response(DashboardPage.css, type: "text/css; charset=utf-8") }
        routes.get("dashboard.js") { _, _ in
            Self.response(DashboardScript.javascript, type: "text/javascript; charset=utf-8")
        }
        return routes
    }

    /// Only this origin's page, style and script, and requests to this origin (the API). An inline
    /// script or one injected through data on the page does not run.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")

    static func response(_ text: String, type: String) -> Response {
        var headers: HTTPFields = [
            .contentType: type, .cacheControl: "no-cache", .contentSecurityPolicy: contentSecurityPolicy,
            .xContentTypeOptions: "nosniff",
        ]
        if let referrerPolicy { headers[referrerPolicy] = "no-referrer" }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
