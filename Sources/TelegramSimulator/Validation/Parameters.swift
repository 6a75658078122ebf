import Foundation
import JSON

/// A Bot API method's parameters, from a JSON body or form fields.
///
/// Form fields are all strings, and nested objects (`reply_markup`) arrive as JSON text, so every
/// accessor accepts either spelling, the way Telegram does.
struct Parameters: Sendable {
    private var values: [String: JSONValue]

    init(_ values: [String: JSONValue] = [:]) {
        self.values = values
    }

    /// Reads a body: JSON object, `application/x-www-form-urlencoded`, or the URL query.
    init(body: Data, contentType: String?, query: String?) {
        var values: [String: JSONValue] = [:]
        if let query { values.merge(Self.form(query)) { $1 } }
        if contentType?.contains("json") == true || body.first == UInt8(ascii: "{") {
            if case .object(let object) = JSONValue.parse(body) { values.merge(object) { $1 } }
        } else if let text = String(data: body, encoding: .utf8), !text.isEmpty {
            values.merge(Self.form(text)) { $1 }
        }
        self.values = values
    }

    private static func form(_ text: String) -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            guard let key = parts.first else { continue }
            values[key] = .string(parts.count > 1 ? parts[1] : "")
        }
        return values
    }

    func has(_ key: String) -> Bool { values[key].map { $0 != .null } ?? false }

    func string(_ key: String) -> String? {
        switch values[key] {
        case .string(let value): value
        case .number(let value): value == value.rounded() ? String(Int64(value)) : String(value)
        case .bool(let value): String(value)
        default: nil
        }
    }

    func int(_ key: String) -> Int64? {
        switch values[key] {
        case .number(let value): Int64(exactly: value.rounded())
        case .string(let value): Int64(value)
        default: nil
        }
    }

    func number(_ key: String) -> Double? {
        switch values[key] {
        case .number(let value): value
        case .string(let value): Double(value)
        default: nil
        }
    }

    func bool(_ key: String) -> Bool? {
        switch values[key] {
        case .bool(let value): value
        case .string(let value):
            value == "true" || value == "1" ? true : (value == "false" || value == "0" ? false : nil)
        case .number(let value): value != 0
        default: nil
        }
    }

    /// A nested object, given inline or as JSON text.
    func object(_ key: String) -> JSONValue? {
        switch values[key] {
        case .string(let text): JSONValue.parse(Data(text.utf8))
        case .none, .null: nil
        case let value?: value
        }
    }

    /// Decodes a nested value into a Bot API type (snake_case keys).
    func decode<T: Decodable>(_ type: T.Type, _ key: String) -> T? {
        guard let value = object(key), let data = try? JSONEncoder().encode(value) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(type, from: data)
    }
}
