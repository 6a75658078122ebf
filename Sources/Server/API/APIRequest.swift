import Broadcasting
import Foundation

/// One admin API call as an endpoint sees it: path captures, query items and the body, with
/// parsing that refuses as `invalid_request` naming the field.
struct APIRequest: Sendable {
    let parameters: [String: String]
    let query: [String: String]
    let body: Data

    /// The body as `T`; a malformed body or a field of the wrong type is refused by name.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: body.isEmpty ? Data("{}".utf8) : body)
        } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context):
                let field = Self.path(context.codingPath + [key])
                throw APIError.invalidRequest("\(field) is required", field: field)
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                let field = Self.path(context.codingPath)
                throw APIError.invalidRequest("\(field) has the wrong type: \(context.debugDescription)", field: field)
            case .dataCorrupted(let context) where !context.codingPath.isEmpty:
                let field = Self.path(context.codingPath)
                throw APIError.invalidRequest("\(field): \(context.debugDescription)", field: field)
            default:
                throw APIError.invalidRequest("the body is not a JSON object")
            }
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// The path capture `name` (the router matched it, so it is there).
    func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// The path capture `id` as a broadcast id.
    var broadcastID: UUID {
        get throws {
            guard let id = UUID(uuidString: parameter("id")) else {
                throw APIError.invalidRequest("\(parameter("id")) is not a broadcast id", field: "id")
            }
            return id
        }
    }

    /// An ISO 8601 time in UTC, e.g. 2030-01-31T09:00:00Z.
    static func time(_ text: String, field: String) throws -> Date {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        throw APIError.invalidRequest("\(text) is not an ISO 8601 time such as 2030-01-31T09:00:00Z", field: field)
    }
}
