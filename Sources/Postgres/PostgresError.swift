import Foundation

/// An error from PostgreSQL or from talking to it.
///
/// Its description never contains the connection string or a password: messages that libpq
/// builds from the connection settings are scrubbed before they get here.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String {
            case connectionFailed = "connection failed"
            case connectionLost = "connection lost"
            case connectionClosed = "connection closed"
            case server = "server error"
            case decoding = "decoding error"
            case copy = "copy error"
            case unstorableText = "unstorable text"
            case tooManyParameters = "too many parameters"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The server could not be reached or refused the connection.
        public static let connectionFailed = Code(.connectionFailed)
        /// An established connection broke; `Connection.reconnect()` may restore it.
        public static let connectionLost = Code(.connectionLost)
        /// The connection was closed by Herald and can no longer be used.
        public static let connectionClosed = Code(.connectionClosed)
        /// The server rejected a statement; `sqlState` says why.
        public static let server = Code(.server)
        /// A value could not be decoded into the requested Swift type.
        public static let decoding = Code(.decoding)
        /// A COPY transfer failed.
        public static let copy = Code(.copy)
        /// A text parameter holds a character PostgreSQL's text cannot (NUL); nothing was sent.
        public static let unstorableText = Code(.unstorableText)
        /// A statement carries more bind parameters than the protocol allows (65,535); nothing was sent.
        public static let tooManyParameters = Code(.tooManyParameters)

        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The five-character SQLSTATE for server errors, e.g. `23505` for a unique violation.
    public let sqlState: String?
    /// The server's primary message, or Herald's own.
    public let message: String
    public let detail: String?
    public let hint: String?
    /// The constraint a violation names, when the server says.
    public let constraint: String?

    init(
        code: Code, message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil,
        constraint: String? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
    }

    public var description: String {
        var text = "postgres \(code)"
        if let sqlState { text += " \(sqlState)" }
        text += ": \(message)"
        if let detail { text += " (\(detail))" }
        // One line, whatever libpq put in its message.
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }

    /// True for unique violations (`23505`).
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// True when trying again later may succeed: the connection, the server's state or a conflict
    /// with another transaction failed it, not the statement or its values.
    public var isTransient: Bool {
        if code == .connectionFailed || code == .connectionLost || code == .connectionClosed { return true }
        guard code == .server, let sqlState else { return false }
        // 08 connection, 40 rollback (serialization, deadlock), 53 resources, 57 operator
        // intervention (shutdown, cancel), 58 system errors, 55P03 lock not available.
        return ["08", "40", "53", "57", "58"].contains(String(sqlState.prefix(2))) || sqlState == "55P03"
    }

    public static func connectionClosed() -> PostgresError {
        PostgresError(code: .connectionClosed, message: "the connection was closed")
    }

    /// Text parameter `index` (1-based, as `$index`) holds a NUL, which PostgreSQL's text cannot;
    /// libpq would send it cut at the NUL, so it is refused instead.
    public static func unstorableText(parameter index: Int) -> PostgresError {
        PostgresError(
            code: .unstorableText,
            message: "parameter $\(index) contains a NUL character (U+0000), which PostgreSQL text cannot hold")
    }

    public static func tooManyParameters(_ count: Int) -> PostgresError {
        PostgresError(
            code: .tooManyParameters,
            message: "a statement carries at most 65,535 parameters, this one \(count)")
    }

    public static func decoding(_ message: String) -> PostgresError {
        PostgresError(code: .decoding, message: message)
    }
}
