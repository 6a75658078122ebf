import Foundation
internal import CLibPQ

#if canImport(Glibc)
    import Glibc
#endif

/// Synchronous access to one connection, valid only inside `Connection.withSession` and friends,
/// on the connection's own thread.
///
/// Several statements in one session cost one thread hop, not one each: transactions and
/// batch work run here.
public struct Session {
    let handle: OpaquePointer
    let redaction: Redaction

    /// Runs a statement with bound parameters and returns its rows (binary format).
    public func query(_ query: Query) throws -> QueryResult {
        let result = try exec(query)
        return QueryResult(result)
    }

    /// Runs a statement and returns the number of rows it changed.
    @discardableResult
    public func execute(_ query: Query) throws -> Int {
        try self.query(query).affectedRows
    }

    /// Runs one or more statements without parameters (migrations, `LISTEN`), as written: the text
    /// is not checked, so it must be Herald's own, with any identifier in it quoted and no value
    /// interpolated (values travel as parameters through `query` and `execute`). Hence "unsafe".
    public func executeUnsafeScript(_ sql: String) throws {
        guard let result = PQexec(handle, sql) else { throw connectionError() }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw error(from: result) }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: (Session) throws -> T) throws -> T {
        try run(begin: "BEGIN", body)
    }

    /// Runs `body` in a read-only REPEATABLE READ transaction: every statement sees one snapshot.
    public func snapshot<T>(_ body: (Session) throws -> T) throws -> T {
        try run(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    private func run<T>(begin: String, _ body: (Session) throws -> T) throws -> T {
        try executeUnsafeScript(begin)
        let value: T
        do {
            value = try body(self)
        } catch {
            if PQstatus(handle) == CONNECTION_OK { try? executeUnsafeScript("ROLLBACK") }
            throw error
        }
        try executeUnsafeScript("COMMIT")
        return value
    }

    /// Streams rows into a `COPY … FROM STDIN`; `produce` calls `send` with each chunk of data.
    @discardableResult
    public func copyIn(_ sql: String, produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws -> Int {
        guard let start = PQexec(handle, sql) else { throw connectionError() }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            defer { PQclear(start) }
            throw error(from: start)
        }
        PQclear(start)
        var failure: (any Error)?
        do {
            try produce { chunk in
                guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
                let sent = base.withMemoryRebound(to: CChar.self, capacity: chunk.count) {
                    PQputCopyData(handle, $0, Int32(chunk.count))
                }
                guard sent == 1 else { throw connectionError() }
            }
        } catch {
            failure = error
        }
        PQputCopyEnd(handle, failure == nil ? nil : "aborted by Herald")
        let rows = try finishCopy()
        if let failure { throw failure }
        return rows
    }

    /// Streams a `COPY … TO STDOUT`, handing each row's bytes to `consume`; returns the row count.
    @discardableResult
    public func copyOut(_ sql: String, consume: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        guard let start = PQexec(handle, sql) else { throw connectionError() }
        guard PQresultStatus(start) == PGRES_COPY_OUT else {
            defer { PQclear(start) }
            throw error(from: start)
        }
        PQclear(start)
        var buffer: UnsafeMutablePointer<CChar>?
        while true {
            let length = PQgetCopyData(handle, &buffer, 0)
            if length == -1 { break }
            guard length >= 0, let data = buffer else { return try finishCopy() }
            defer { PQfreemem(data) }
            try consume(UnsafeRawBufferPointer(start: data, count: Int(length)))
        }
        return try finishCopy()
    }

    /// Waits up to `timeout` for notifications on channels this connection listens to.
    ///
    /// Returns every notification that has arrived, or none when the time ran out.
    public func waitForNotifications(timeout: Duration) throws -> [PostgresNotification] {
        let deadline = ContinuousClock.now + timeout
        while true {
            guard PQconsumeInput(handle) == 1 else { throw connectionError() }
            var found: [PostgresNotification] = []
            while let notify = PQnotifies(handle) {
                let n = notify.pointee
                found.append(
                    PostgresNotification(channel: String(cString: n.relname), payload: String(cString: n.extra)))
                PQfreemem(notify)
            }
            if !found.isEmpty { return found }
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return [] }
            let milliseconds = Int32(
                min(
                    remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1,
                    60_000))
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, milliseconds)
        }
    }

    // MARK: Internals

    private func exec(_ query: Query) throws -> OpaquePointer {
        let count = query.binds.count
        guard count <= Int(UInt16.max) else { throw PostgresError.tooManyParameters(count) }
        var types = [UInt32](repeating: 0, count: count)
        var lengths = [Int32](repeating: 0, count: count)
        var formats = [Int32](repeating: 0, count: count)
        var offsets = [Int](repeating: -1, count: count)
        var storage: [UInt8] = []
        for (index, bind) in query.binds.enumerated() {
            types[index] = bind.type.rawValue
            formats[index] = bind.format
            guard let bytes = bind.bytes else { continue }
            // Text parameters are C strings: an embedded NUL would silently cut the value.
            if bind.format == 0, bytes.contains(0) { throw PostgresError.unstorableText(parameter: index + 1) }
            offsets[index] = storage.count
            lengths[index] = Int32(bytes.count)
            storage.append(contentsOf: bytes)
            if bind.format == 0 { storage.append(0) }  // text parameters are C strings
        }
        let result = storage.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            let base = UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in
                guard offset >= 0 else { return nil }
                return base.map { $0 + offset }
            }
            return PQexecParams(handle, query.sql, Int32(count), types, values, lengths, formats, 1)
        }
        guard let result else { throw connectionError() }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            defer { PQclear(result) }
            throw error(from: result)
        }
        return result
    }

    private func finishCopy() throws -> Int {
        var rows = 0
        var failure: PostgresError?
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                rows = Int(String(cString: PQcmdTuples(result))) ?? 0
            } else if failure == nil {
                failure = error(from: result)
            }
            PQclear(result)
        }
        if let failure { throw failure }
        return rows
    }

    func error(from result: OpaquePointer) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let ascii = code.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else { return nil }
            return redaction.scrub(String(cString: value))
        }
        guard let sqlState = field("C") else { return connectionError() }
        // A terminated backend answers with an error (57P01) and then the socket closes.
        let lost = PQstatus(handle) != CONNECTION_OK || sqlState.hasPrefix("08") || sqlState.hasPrefix("57P")
        return PostgresError(
            code: lost ? .connectionLost : .server, message: field("M") ?? "unknown error", sqlState: sqlState,
            detail: field("D"), hint: field("H"), constraint: field("n"))
    }

    func connectionError() -> PostgresError {
        let message = redaction.scrub(
            String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines))
        let code: PostgresError.Code = PQstatus(handle) == CONNECTION_OK ? .server : .connectionLost
        return PostgresError(code: code, message: message.isEmpty ? "no answer from the server" : message)
    }
}

/// A session is bound to its connection's thread; it must not travel to another task.
@available(*, unavailable)
extension Session: Sendable {}

/// A `NOTIFY` received on a channel this connection listens to.
public struct PostgresNotification: Sendable, Equatable {
    public let channel: String
    public let payload: String

    public init(channel: String, payload: String) {
        self.channel = channel
        self.payload = payload
    }
}

/// Removes secrets (the password, the whole connection string) from libpq's messages.
struct Redaction: Sendable {
    let secrets: [String]

    func scrub(_ text: String) -> String {
        secrets.reduce(text) { $1.isEmpty ? $0 : $0.replacingOccurrences(of: $1, with: "***") }
    }
}
