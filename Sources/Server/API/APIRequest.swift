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

    /// Refuses a NUL (U+0000) anywhere the caller wrote text, naming the field: PostgreSQL cannot
    /// store one, and libpq would cut a parameter at it (a cohort's "premium\u0000zzz" would match
    /// premium users).
    func refuseUnstorableText() throws(APIError) {
        for (name, value) in parameters.merging(query, uniquingKeysWith: { path, _ in path })
        where value.utf8.contains(0) || name.utf8.contains(0) {
            throw Self.unstorable(name.replacingOccurrences(of: "\u{0}", with: "\\u0000"))
        }
        if body.contains(0) {
            throw APIError.invalidRequest("the body contains a NUL byte, which JSON does not allow; remove it")
        }
        // Otherwise a NUL can reach decoded JSON only as the escape \u0000: look for the field
        // only then.
        guard Self.mayEscapeNUL(body), let value = try? JSONDecoder().decode(JSONValue.self, from: body),
            let field = value.pathToNUL
        else { return }
        throw Self.unstorable(field.isEmpty ? "the body" : field)
    }

    private static func unstorable(_ field: String) -> APIError {
        APIError.invalidRequest(
            "\(field) contains a NUL character (U+0000), which Herald cannot store; remove it", field: field)
    }

    /// Whether `body` holds `\u0000` in any case of its hex digits.
    private static func mayEscapeNUL(_ body: Data) -> Bool {
        let bytes = [UInt8](body)
        guard bytes.count >= 6 else { return false }
        for index in 0...(bytes.count - 6) where bytes[index] == UInt8(ascii: "\\") {
            if bytes[index + 1] | 0x20 == UInt8(ascii: "u"), bytes[index + 2...index + 5].allSatisfy({ $0 == UInt8(ascii: "0") }) {
                return true
            }
        }
        return false
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
