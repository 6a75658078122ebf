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

    public static func connectionClosed() -> PostgresError {
        PostgresError(code: .connectionClosed, message: "the connection was closed")
    }

    public static func decoding(_ message: String) -> PostgresError {
        PostgresError(code: .decoding, message: message)
    }
}
