import Foundation

/// A Swift value that can be read from a column in PostgreSQL's binary result format.
public protocol PostgresDecodable: Sendable {
    /// Decodes a non-NULL value of column type `type`.
    static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws -> Self
}

private func mismatch(_ swiftType: Any.Type, _ type: PostgresType) -> PostgresError {
    .decoding("cannot decode a column of type oid \(type.rawValue) as \(swiftType)")
}

extension String: PostgresDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws -> String {
        if type.isText { return String(decoding: bytes, as: UTF8.self) }
        if type == .jsonb, bytes.first == 1 { return String(decoding: bytes.dropFirst(), as: UTF8.self) }
        if type == .uuid { return try UUID.decode(from: bytes, type: type).uuidString.lowercased() }
        throw mismatch(String.self, type)
    }
}

extension Int64: PostgresDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws -> Int64 {
        var reader = BinaryReader(bytes)
        switch type {
        case .int8: return try reader.read(Int64.self)
        case .int4: return Int64(try reader.read(Int32.self))
        case .int2: return Int64(try reader.read(Int16.self))
        case .oid: return Int64(try reader.read(UInt32.self))
        default: throw mismatch(Int64.self, type)
        }
    }
}

extension Int: PostgresDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws -> Int {
        Int(try Int64.decode(from: bytes, type: type))
    }
}

extension Int32: PostgresDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws -> Int32 {
        let wide = try Int64.decode(from: bytes, type: type)
        guard let narrow = Int32(exactly: wide) else { throw PostgresError.decoding("\(wide) does not fit Int32") }
        return narrow
    }
}

extension Bool: PostgresDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws -> Bool {
        guard type == .bool, bytes.count == 1 else { throw mismatch(Bool.self, type) }
        return bytes[0] != 0
    }
}

extension Double: PostgresDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws -> Double {
        var reader = BinaryReader(bytes)
        switch type {
        case .float8: return Double(bitPattern: try reader.read(UInt64.self))
        case .float4: return Double(Float(bitPattern: try reader.read(UInt32.self)))
        case .int8, .int4, .int2: return Double(try Int64.decode(from: bytes, type: type))
        default: throw mismatch(Double.self, type)
        }
    }
}

extension UUID: PostgresDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws -> UUID {
        guard type == .uuid, bytes.count == 16 else { throw mismatch(UUID.self, type) }
        let b = Array(bytes)
        return UUID(
            uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])
        )
    }
}

extension Date: PostgresDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws -> Date {
        guard type == .timestamptz || type == .timestamp else { throw mismatch(Date.self, type) }
        var reader = BinaryReader(bytes)
        let micros = try reader.read(Int64.self) + postgresEpochOffsetMicroseconds
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }
}

extension ByteA: PostgresDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws -> ByteA {
        guard type == .bytea else { throw mismatch(ByteA.self, type) }
        return ByteA(Array(bytes))
    }
}

extension JSONB: PostgresDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws -> JSONB {
        switch type {
        case .jsonb where bytes.first == 1: JSONB(String(decoding: bytes.dropFirst(), as: UTF8.self))
        case .json, .text: JSONB(String(decoding: bytes, as: UTF8.self))
        default: throw mismatch(JSONB.self, type)
        }
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    /// A one-dimensional array in binary format; NULL elements are an error.
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresType) throws -> [Element] {
        var reader = BinaryReader(bytes)
        let dimensions = try reader.read(Int32.self)
        _ = try reader.read(Int32.self)  // has-nulls flag
        let elementType = PostgresType(rawValue: try reader.read(UInt32.self))
        guard dimensions <= 1 else { throw PostgresError.decoding("only one-dimensional arrays decode") }
        guard dimensions == 1 else { return [] }
        let count = Int(try reader.read(Int32.self))
        _ = try reader.read(Int32.self)  // lower bound
        var result: [Element] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            let length = Int(try reader.read(Int32.self))
            guard length >= 0 else { throw PostgresError.decoding("array element is NULL") }
            result.append(try Element.decode(from: try reader.readBytes(length), type: elementType))
        }
        return result
    }
}
