import Foundation

/// One bound parameter as it goes over the wire: a type, a format and the bytes (nil is NULL).
public struct PostgresBind: Sendable {
    public var type: PostgresType
    /// 0 for text, 1 for binary.
    public var format: Int32
    public var bytes: [UInt8]?

    public static let null = PostgresBind(type: .unspecified, format: 0, bytes: nil)
}

/// A Swift value that can be bound as a query parameter.
public protocol PostgresEncodable: Sendable {
    /// The type used for an array of this value, when it can be an array element.
    static var postgresType: PostgresType { get }
    var postgresBind: PostgresBind { get }
}

extension PostgresEncodable {
    /// Binary encodings that fit an array element (text encodings return nil).
    var binaryElement: [UInt8]? { postgresBind.format == 1 ? postgresBind.bytes : nil }
}

extension String: PostgresEncodable {
    public static var postgresType: PostgresType { .text }
    public var postgresBind: PostgresBind { PostgresBind(type: .unspecified, format: 0, bytes: Array(utf8)) }
}

extension Int: PostgresEncodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresBind: PostgresBind { Int64(self).postgresBind }
}

extension PostgresBind {
    /// A big-endian integer in binary format.
    static func binary(_ value: some FixedWidthInteger, as type: PostgresType) -> PostgresBind {
        var writer = BinaryWriter()
        writer.write(value)
        return PostgresBind(type: type, format: 1, bytes: writer.bytes)
    }
}

extension Int64: PostgresEncodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresBind: PostgresBind { .binary(self, as: .int8) }
}

extension Int32: PostgresEncodable {
    public static var postgresType: PostgresType { .int4 }
    public var postgresBind: PostgresBind { .binary(self, as: .int4) }
}

extension Bool: PostgresEncodable {
    public static var postgresType: PostgresType { .bool }
    public var postgresBind: PostgresBind { PostgresBind(type: .bool, format: 1, bytes: [self ? 1 : 0]) }
}

extension Double: PostgresEncodable {
    public static var postgresType: PostgresType { .float8 }
    public var postgresBind: PostgresBind { .binary(bitPattern, as: .float8) }
}

extension UUID: PostgresEncodable {
    public static var postgresType: PostgresType { .uuid }
    public var postgresBind: PostgresBind {
        let u = uuid
        let bytes = [
            u.0, u.1, u.2, u.3, u.4, u.5, u.6, u.7, u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15,
        ]
        return PostgresBind(type: .uuid, format: 1, bytes: bytes)
    }
}

/// Microseconds between the Unix epoch and PostgreSQL's (2000-01-01 UTC).
let postgresEpochOffsetMicroseconds: Int64 = 946_684_800_000_000

extension Date: PostgresEncodable {
    public static var postgresType: PostgresType { .timestamptz }
    public var postgresBind: PostgresBind {
        let micros = Int64((timeIntervalSince1970 * 1_000_000).rounded()) - postgresEpochOffsetMicroseconds
        return .binary(micros, as: .timestamptz)
    }
}

/// Bytes for a `bytea` column.
public struct ByteA: Hashable, Sendable, PostgresEncodable {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public static var postgresType: PostgresType { .bytea }
    public var postgresBind: PostgresBind { PostgresBind(type: .bytea, format: 1, bytes: bytes) }
}

/// JSON text for a `jsonb` column. The server validates it; Herald never interpolates it into SQL.
public struct JSONB: Hashable, Sendable, PostgresEncodable {
    public var text: String
    public init(_ text: String) { self.text = text }

    /// Encodes a value with sorted keys, so equal values give equal text.
    public init(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public func decode<T: Decodable>(_: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    public static var postgresType: PostgresType { .jsonb }
    public var postgresBind: PostgresBind { PostgresBind(type: .jsonb, format: 1, bytes: [1] + Array(text.utf8)) }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresType { Wrapped.postgresType }
    public var postgresBind: PostgresBind {
        switch self {
        case .some(let value): value.postgresBind
        case .none:
            PostgresBind(
                type: Wrapped.postgresType == .text ? .unspecified : Wrapped.postgresType, format: 1, bytes: nil)
        }
    }
}

extension Array: PostgresEncodable where Element: PostgresEncodable {
    public static var postgresType: PostgresType { arrayType(of: Element.postgresType) }

    /// A one-dimensional array in PostgreSQL's binary array format.
    public var postgresBind: PostgresBind {
        var writer = BinaryWriter()
        let elementType = Element.postgresType
        writer.write(Int32(isEmpty ? 0 : 1))
        writer.write(Int32(0))  // has-nulls flag; the server recomputes it
        writer.write(elementType.rawValue)
        if !isEmpty {
            writer.write(Int32(count))
            writer.write(Int32(1))
        }
        for element in self {
            let bind = element.postgresBind
            if let bytes = bind.bytes {
                writer.write(Int32(bytes.count))
                writer.write(bytes)
            } else {
                writer.write(Int32(-1))
            }
        }
        return PostgresBind(type: Self.postgresType, format: 1, bytes: writer.bytes)
    }
}

func arrayType(of element: PostgresType) -> PostgresType {
    switch element {
    case .bool: .boolArray
    case .bytea: .byteaArray
    case .int4: .int4Array
    case .int8: .int8Array
    case .uuid: .uuidArray
    case .jsonb: .jsonbArray
    case .float8: .float8Array
    case .timestamptz: .timestamptzArray
    default: .textArray
    }
}
