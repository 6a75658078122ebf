public import Broadcasting
import EventStore
import Foundation
public import Hummingbird

/// An admin API refusal: `{"error": {"code", "message", "field"?}}` with a 4xx status (5xx for what
/// the caller cannot fix). `code` is stable for scripts; the message is for people.
public struct APIError: Error, Sendable, Equatable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public let field: String?

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    /// A domain refusal, with the status its code calls for.
    public init(_ rejection: DecisionRejection) {
        self.init(Self.status(of: rejection.code), rejection.code, rejection.description, field: rejection.field)
    }

    /// The status of each domain code: unknown things 404, a state or name that forbids it 409,
    /// anything else wrong with the input 422.
    static func status(of code: String) -> HTTPResponse.Status {
        if code.hasSuffix("_not_found") { return .notFound }
        let conflicts: Set = [
            "already_exists", "template_name_taken", "rotation_name_taken", "conversion_already_marked",
            "invalid_transition", "template_archived",
        ]
        return conflicts.contains(code) ? .conflict : .unprocessableContent
    }

    static func invalidRequest(_ message: String, field: String? = nil) -> APIError {
        APIError(.badRequest, "invalid_request", message, field: field)
    }

    static let unauthorized = APIError(
        .unauthorized, "unauthorized", "missing or wrong bearer token: send Authorization: Bearer $HERALD_API_TOKEN")

    static let disabled = APIError(
        .serviceUnavailable, "api_disabled",
        "the admin API is off: start herald run with HERALD_API_TOKEN set to turn it on")

    static func notFound(_ path: String) -> APIError {
        APIError(.notFound, "route_not_found", "no route \(path); /api/v1/openapi.json lists them")
    }

    static func conflict(_ error: EventStoreError) -> APIError {
        APIError(.conflict, "conflict", "another command changed it at the same time; try again")
    }

    static let internalError = APIError(
        .internalServerError, "internal", "the server could not complete the request; its log says why")

    struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let field: String?
        }
        let error: Detail
    }

    var result: APIResult {
        APIResult(status: status, encoding: Body(error: .init(code: code, message: message, field: field)))
    }
}

/// What an endpoint answers: a status and a JSON body.
struct APIResult: Sendable {
    let status: HTTPResponse.Status
    let body: Data

    init(status: HTTPResponse.Status, body: Data) {
        self.status = status
        self.body = body
    }

    init(status: HTTPResponse.Status = .ok, encoding value: some Encodable) {
        self.status = status
        self.body = (try? Self.encoder.encode(value)) ?? Data("{}".utf8)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
