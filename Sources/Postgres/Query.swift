/// A statement and its bound parameters.
///
/// Built by string interpolation, each interpolated value becomes a `$n` parameter, never SQL text:
/// `"select * from herald.events where stream = \(name)"`. Raw SQL only enters through
/// `init(unsafeSQL:)` or `\(unsafeRaw:)`, whose names say what they are.
public struct Query: Sendable, ExpressibleByStringInterpolation {
    public var sql: String
    public var binds: [PostgresBind]

    public init(unsafeSQL sql: String, binds: [PostgresBind] = []) {
        self.sql = sql
        self.binds = binds
    }

    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// Appends SQL text Herald itself wrote (never user input).
    public mutating func append(unsafeSQL sql: String) {
        self.sql += sql
    }

    /// Appends a bound parameter as the next `$n`.
    public mutating func append(bind value: some PostgresEncodable) {
        binds.append(value.postgresBind)
        sql += "$\(binds.count)"
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [PostgresBind] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(value.postgresBind)
            sql += "$\(binds.count)"
        }

        /// Inserts SQL text as it is: only for identifiers and fragments Herald itself wrote.
        public mutating func appendInterpolation(unsafeRaw text: String) {
            sql += text
        }
    }
}
