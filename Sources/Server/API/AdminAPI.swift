import EventStore
import Broadcasting
import Engine
import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
import Postgres

/// The admin REST API under `/api/v1`: the CLI's commands and read-side queries over HTTP, behind
/// a bearer token. Every endpoint calls the same handlers (`BroadcastHandler`, `TemplateHandler`,
/// …) and readers (`BroadcastReader`, …) as the CLI, so both refuse alike; a refusal appends
/// nothing and answers `{"error": {"code", "message", "field"}}`.
///
/// Without a token the API is off: every `/api/v1` route answers 503 `api_disabled`.
public struct AdminAPI: RouteSource {
    let token: APIToken?
    let database: String
    let store: EventStore
    let keys: IdempotencyKeys
    /// The readers' connections (stats): a request leases one, never opens its own.
    let reads: ConnectionPool
    let logger: Logger
    /// How long pause and cancel wait for the sender to confirm before answering 202.
    public var acknowledgementTimeout: Duration = .seconds(10)

    public init(token: APIToken?, database: String, logger: Logger) {
        self.token = token
        self.database = database
        self.store = EventStore(configuration: database, maximumConnections: 4, applicationName: "herald-api")
        self.keys = IdempotencyKeys(
            pool: ConnectionPool(configuration: database, maximumConnections: 2, applicationName: "herald-api"))
        self.reads = ConnectionPool(configuration: database, maximumConnections: 2, applicationName: "herald-api-read")
        self.logger = logger
    }

    /// Whether the API serves (a token is configured).
    public var isOn: Bool { token != nil }

    /// Every route, relative to `/api/v1`.
    var endpoints: [Endpoint] {
        broadcastEndpoints + templateEndpoints + rotationEndpoints + audienceEndpoints + [
            Endpoint(.get, "openapi.json", authenticated: false) { _ in
                APIResult(status: .ok, body: OpenAPIDocument.json)
            }
        ]
    }

    /// Who the log says acted: one actor for every API call.
    var metadata: CommandMetadata { CommandMetadata(actor: "api") }

    /// The routes, as `OperatingServer` adds them beside the other concerns'.
    public var collection: RouteCollection<HeraldRequestContext> { routes(context: HeraldRequestContext.self) }

    public func routes<Context: RequestContext>(context: Context.Type = Context.self) -> RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        for endpoint in endpoints {
            routes.on(RouterPath("api/v1/" + endpoint.path), method: endpoint.method) { request, context in
                await respond(endpoint, request, context)
            }
        }
        // Anything else under /api/v1 answers in the API's own shape, after the token check.
        let unknown = Endpoint(.get, "**") { request in throw APIError.notFound(request.parameter("path")) }
        for method: HTTPRequest.Method in [.get, .post, .put, .patch, .delete] {
            routes.on("api/v1/**", method: method) { request, context in
                await respond(unknown, request, context, path: request.uri.path)
            }
        }
        return routes
    }

    func respond(_ endpoint: Endpoint, _ request: Request, _ context: some RequestContext, path: String? = nil) async
        -> Response
    {
        guard let token else { return Self.response(APIError.disabled.result) }
        if endpoint.authenticated, !token.authorizes(request.headers[.authorization]) {
            var response = Self.response(APIError.unauthorized.result)
            response.headers[.wwwAuthenticate] = #"Bearer realm="herald""#
            return response
        }
        var request = request
        let body: Data
        do {
            body = Data(buffer: try await request.collectBody(upTo: 1 << 20))
        } catch {
            return Self.response(APIError(.contentTooLarge, "body_too_large", "the body is over 1 MiB").result)
        }
        var parameters: [String: String] = [:]
        for (key, value) in context.parameters { parameters[String(key)] = String(value) }
        if let path { parameters["path"] = path }
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let call = APIRequest(parameters: parameters, query: query, body: body)
        do {
            // Before the Idempotency-Key is claimed: its fingerprint holds the body as text.
            try call.refuseUnstorableText()
        } catch {
            return Self.response(error.result)
        }
        guard endpoint.method != .get, let name = Self.idempotencyKey, let key = request.headers[name] else {
            return Self.response(await run(endpoint, call))
        }
        guard IdempotencyKeys.isValid(key) else {
            return Self.response(
                APIError.invalidRequest(
                    "Idempotency-Key must be 1 to 255 visible ASCII characters", field: "Idempotency-Key"
                ).result)
        }
        let fingerprint =
            "\(request.method) \(request.uri.path)?\(request.uri.query ?? "")\n"
            + String(decoding: body, as: UTF8.self)
        do {
            switch try await keys.claim(key, request: fingerprint) {
            case .claimed:
                let result = await run(endpoint, call)
                if result.status.code >= 500 {
                    try await keys.release(key)
                } else {
                    try await keys.finish(key, status: result.status.code, body: result.body)
                }
                return Self.response(result)
            case .replay(let status, let stored):
                var response = Self.response(APIResult(status: HTTPResponse.Status(code: status), body: stored))
                if let replayed = Self.replayed { response.headers[replayed] = "true" }
                return response
            case .inProgress:
                return Self.response(
                    APIError(
                        .conflict, "idempotency_key_in_use", "a request with this Idempotency-Key is still running"
                    ).result)
            case .reused:
                return Self.response(
                    APIError(
                        .unprocessableContent, "idempotency_key_reused",
                        "this Idempotency-Key came with a different request", field: "Idempotency-Key"
                    ).result)
            }
        } catch {
            logger.error("admin API: idempotency key store failed", metadata: ["error": "\(error)"])
            return Self.response(APIError.internalError.result)
        }
    }

    /// Runs an endpoint; every refusal becomes its JSON error, anything unexpected a logged 500.
    func run(_ endpoint: Endpoint, _ call: APIRequest) async -> APIResult {
        do {
            return try await endpoint.handle(call)
        } catch let error as APIError {
            return error.result
        } catch let rejection as DecisionRejection {
            return APIError(rejection).result
        } catch let failure as BroadcastHandler.LaunchFailure {
            let error = APIError(failure.rejection)
            return APIError(error.status, error.code, failure.description, field: error.field).result
        } catch let error as EventStoreError where error.isConcurrencyConflict {
            return APIError.conflict(error).result
        } catch let error as PostgresError where error.code == .unstorableText {
            // Every field is checked in `respond`; this is the Postgres layer's own refusal, kept typed.
            return APIError.invalidRequest("a text value contains a NUL character (U+0000); remove it").result
        } catch {
            logger.error(
                "admin API: request failed",
                metadata: ["route": "\(endpoint.method) /api/v1/\(endpoint.path)", "error": "\(error)"])
            return APIError.internalError.result
        }
    }

    static func response(_ result: APIResult) -> Response {
        var buffer = ByteBuffer(bytes: result.body)
        buffer.writeString("\n")
        return Response(
            status: result.status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: buffer))
    }

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")
    static let replayed = HTTPField.Name("Idempotent-Replayed")
}

/// One route of the admin API, relative to `/api/v1`.
struct Endpoint: Sendable {
    let method: HTTPRequest.Method
    let path: String
    /// False only for the OpenAPI document, which holds nothing secret.
    let authenticated: Bool
    let handle: @Sendable (APIRequest) async throws -> APIResult

    init(
        _ method: HTTPRequest.Method, _ path: String, authenticated: Bool = true,
        _ handle: @escaping @Sendable (APIRequest) async throws -> APIResult
    ) {
        self.method = method
        self.path = path
        self.authenticated = authenticated
        self.handle = handle
    }
}
