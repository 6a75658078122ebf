internal import CLibPQ

/// The rows a statement returned, decoded lazily from libpq's result.
///
/// A `PGresult` is immutable once libpq hands it over and independent of its connection, so a
/// result may be read from any thread.
public final class QueryResult: @unchecked Sendable, RandomAccessCollection {
    private let result: OpaquePointer
    public let count: Int
    /// Column names in order.
    public let columns: [String]
    private let types: [PostgresType]

    init(_ result: OpaquePointer) {
        self.result = result
        self.count = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        self.columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        self.types = (0..<columnCount).map { PostgresType(rawValue: PQftype(result, Int32($0))) }
    }

    deinit { PQclear(result) }

    /// Rows changed by an INSERT, UPDATE, DELETE or COPY.
    public var affectedRows: Int { Int(String(cString: PQcmdTuples(result))) ?? 0 }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Row { Row(result: self, index: position) }

    func column(named name: String) throws -> Int {
        guard let index = columns.firstIndex(of: name) else {
            throw PostgresError.decoding("no column named \(name)")
        }
        return index
    }

    func decode<T: PostgresDecodable>(_: T.Type, row: Int, column: Int) throws -> T {
        guard let value = try decodeIfPresent(T.self, row: row, column: column) else {
            throw PostgresError.decoding("column \(columns[column]) is NULL, expected \(T.self)")
        }
        return value
    }

    func decodeIfPresent<T: PostgresDecodable>(_: T.Type, row: Int, column: Int) throws -> T? {
        guard column >= 0, column < columns.count else {
            throw PostgresError.decoding("no column \(column); the result has \(columns.count)")
        }
        if PQgetisnull(result, Int32(row), Int32(column)) == 1 { return nil }
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        guard let pointer = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
        do {
            return try T.decode(from: bytes, type: types[column])
        } catch let error as PostgresError {
            throw PostgresError.decoding("column \(columns[column]): \(error.message)")
        }
    }
}

/// One row of a `QueryResult`.
public struct Row: Sendable {
    let result: QueryResult
    let index: Int

    /// The value at `column`; NULL is an error.
    public func decode<T: PostgresDecodable>(_ type: T.Type, at column: Int) throws -> T {
        try result.decode(type, row: index, column: column)
    }

    /// The value at `column`, or nil for NULL.
    public func decodeIfPresent<T: PostgresDecodable>(_ type: T.Type, at column: Int) throws -> T? {
        try result.decodeIfPresent(type, row: index, column: column)
    }

    public func decode<T: PostgresDecodable>(_ type: T.Type, named name: String) throws -> T {
        try result.decode(type, row: index, column: try result.column(named: name))
    }

    public func decodeIfPresent<T: PostgresDecodable>(_ type: T.Type, named name: String) throws -> T? {
        try result.decodeIfPresent(type, row: index, column: try result.column(named: name))
    }
}
