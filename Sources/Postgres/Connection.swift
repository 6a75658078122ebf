import Foundation
import Synchronization
internal import CLibPQ

/// One PostgreSQL connection over libpq.
///
/// The `PGconn` is confined to the connection's own thread (`BlockingExecutor`): every call into
/// libpq is a job on that thread, so none blocks Swift's cooperative pool and none races another.
public final class Connection: @unchecked Sendable {
    private let executor: BlockingExecutor
    private let handle: OpaquePointer
    private let redaction: Redaction
    /// PQstatus after the last job, so the pool can check health without a thread hop.
    private let healthy = Atomic<Bool>(true)

    private init(executor: BlockingExecutor, handle: OpaquePointer, redaction: Redaction) {
        self.executor = executor
        self.handle = handle
        self.redaction = redaction
    }

    deinit {
        let handle = UncheckedHandle(pointer: handle)
        executor.submit { PQfinish(handle.pointer) }
        executor.shutdown()
    }

    /// Connects with a libpq URL (`postgresql://…`) or keyword string (`host=… dbname=…`).
    public static func connect(to configuration: String, applicationName: String = "herald") async throws -> Connection
    {
        let redaction = try Redaction(configuration: configuration)
        let executor = BlockingExecutor(name: "herald.postgres")
        let handle = try await executor.run {
            let keywords = ["dbname", "application_name", "client_encoding"]
            let values = [configuration, applicationName, "UTF8"]
            let pointer = withCStrings(keywords) { keywordPointers in
                withCStrings(values) { valuePointers in
                    PQconnectdbParams(keywordPointers, valuePointers, 1)
                }
            }
            guard let pointer else { throw PostgresError(code: .connectionFailed, message: "out of memory") }
            guard PQstatus(pointer) == CONNECTION_OK else {
                let message = String(cString: PQerrorMessage(pointer)).trimmingCharacters(in: .whitespacesAndNewlines)
                PQfinish(pointer)
                throw PostgresError(code: .connectionFailed, message: redaction.scrub(message))
            }
            do {
                try pinSessionSettings(pointer, redaction: redaction)
            } catch {
                PQfinish(pointer)
                throw error
            }
            return UncheckedHandle(pointer: pointer)
        }
        return Connection(executor: executor, handle: handle.pointer, redaction: redaction)
    }

    /// Runs `body` with synchronous access to the connection, on the connection's thread.
    public func withSession<T: Sendable>(_ body: @escaping @Sendable (Session) throws -> T) async throws -> T {
        let handle = UncheckedHandle(pointer: handle)
        let redaction = redaction
        return try await executor.run { [self] in
            defer { self.healthy.store(PQstatus(handle.pointer) == CONNECTION_OK, ordering: .relaxed) }
            return try body(Session(handle: handle.pointer, redaction: redaction))
        }
    }

    /// Runs `body` in a transaction on the connection's thread; a thrown error rolls it back.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (Session) throws -> T) async throws -> T {
        try await withSession { session in try session.transaction(body) }
    }

    public func query(_ query: Query) async throws -> QueryResult {
        try await withSession { try $0.query(query) }
    }

    @discardableResult
    public func execute(_ query: Query) async throws -> Int {
        try await withSession { try $0.execute(query) }
    }

    public func executeUnsafeScript(_ sql: String) async throws {
        try await withSession { try $0.executeUnsafeScript(sql) }
    }

    /// Starts listening on `channel` (an identifier Herald chose, not user input).
    public func listen(_ channel: String) async throws {
        try await executeUnsafeScript("LISTEN \(quoteIdentifier(channel))")
    }

    /// Waits up to `timeout` for notifications; empty when none came.
    public func waitForNotifications(timeout: Duration) async throws -> [PostgresNotification] {
        try await withSession { try $0.waitForNotifications(timeout: timeout) }
    }

    /// False once a call has found the server side gone (killed backend, restart, network);
    /// see `reconnect()`.
    public var isConnected: Bool { healthy.load(ordering: .relaxed) }

    /// Re-establishes a broken connection with the same settings. Session state (LISTEN,
    /// prepared statements, settings other than the pinned isolation) is gone afterwards.
    public func reconnect() async throws {
        let handle = UncheckedHandle(pointer: handle)
        let redaction = redaction
        try await executor.run { [self] in
            PQreset(handle.pointer)
            self.healthy.store(PQstatus(handle.pointer) == CONNECTION_OK, ordering: .relaxed)
            guard PQstatus(handle.pointer) == CONNECTION_OK else {
                let message = String(cString: PQerrorMessage(handle.pointer))
                throw PostgresError(
                    code: .connectionFailed,
                    message: redaction.scrub(message.trimmingCharacters(in: .whitespacesAndNewlines)))
            }
            try pinSessionSettings(handle.pointer, redaction: redaction)
        }
    }

    /// The server process id of this connection (for `pg_terminate_backend` in tests and tools).
    public func backendPID() async throws -> Int32 {
        let handle = UncheckedHandle(pointer: handle)
        return try await executor.run { PQbackendPID(handle.pointer) }
    }
}

/// Settings every Herald session runs with, whatever the database or role defaults say.
///
/// Herald's SQL is written for READ COMMITTED: `herald.append` reads the head after taking its
/// advisory lock, which only a statement snapshot taken after the lock sees. A database set to
/// `default_transaction_isolation = 'repeatable read'` (or serializable) would hand it a snapshot
/// from before the lock, and concurrent appends would collide. Code that wants a stable snapshot
/// asks for it per transaction (`BEGIN ISOLATION LEVEL REPEATABLE READ`), which this leaves alone.
/// Set after connecting rather than through libpq's `options`, so a URL's own `options` still apply.
private func pinSessionSettings(_ pointer: OpaquePointer, redaction: Redaction) throws {
    let session = Session(handle: pointer, redaction: redaction)
    try session.executeUnsafeScript("SET default_transaction_isolation = 'read committed'")
}

/// A `PGconn` pointer carried to the connection's own thread; see `Connection`.
struct UncheckedHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// Double-quotes an identifier for SQL text.
func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let duplicates = strings.map { strdup($0) }
    defer { duplicates.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = duplicates.map { UnsafePointer($0) }
    pointers.append(nil)
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

extension Redaction {
    /// Learns the password from a connection string, rejecting strings libpq can't parse without
    /// echoing them (libpq's own message quotes the text, which may hold the password).
    init(configuration: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(configuration, &message) else {
            if let message { PQfreemem(message) }
            throw PostgresError(
                code: .connectionFailed,
                message:
                    "the database URL is neither a postgresql:// URL nor a key=value string; check HERALD_DATABASE_URL")
        }
        defer { PQconninfoFree(options) }
        var secrets = [configuration]
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password", let value = option.pointee.val {
                secrets.append(String(cString: value))
            }
            option += 1
        }
        self.init(secrets: secrets)
    }
}
