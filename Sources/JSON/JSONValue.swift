public import Foundation

/// Any JSON value, for data whose shape its reader parses itself: the domain's cohorts, the
/// simulator's loosely read Bot API parameters. One type for both (a target of its own, so the
/// simulator does not depend on the domain).
public enum JSONValue: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue {
    /// Parses JSON text; nil when it is not JSON.
    public static func parse(_ data: Data) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Where the first NUL (U+0000) in a string or a key is, as a dotted path (`cohort.tier`,
    /// `buttons.2.text`; "" for the value itself), or nil when there is none.
    ///
    /// PostgreSQL's text and jsonb cannot hold a NUL, so input carrying one is refused by name
    /// before anything is decided.
    public var pathToNUL: String? {
        func joined(_ prefix: String, _ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }
        // Iterative: the depth of what a caller sent does not reach the stack.
        var pending: [(String, JSONValue)] = [("", self)]
        while let (path, value) = pending.popLast() {
            switch value {
            case .string(let text) where text.utf8.contains(0):
                return path
            case .array(let items):
                pending += items.enumerated().reversed().map { (joined(path, "\($0.offset)"), $0.element) }
            case .object(let members):
                for key in members.keys.sorted().reversed() {
                    if key.utf8.contains(0) { return joined(path, key.replacingOccurrences(of: "\u{0}", with: "\\u0000")) }
                    pending.append((joined(path, key), members[key] ?? .null))
                }
            default:
                break
            }
        }
        return nil
    }
}
