import Synchronization

/// A bounded set of connections to one database, shared by concurrent tasks.
///
/// A task leases a connection for the length of `withConnection`; when all are leased, later
/// tasks wait in arrival order. A connection that comes back broken is closed and replaced on
/// the next lease, so a server restart heals by itself.
public final class ConnectionPool: Sendable {
    private struct State {
        var idle: [Connection] = []
        var open = 0
        var opened = 0
        var waiters: [CheckedContinuation<Connection?, Never>] = []
        var closed = false
    }

    private let configuration: String
    private let applicationName: String
    public let maximumConnections: Int
    private let state = Mutex(State())

    public init(configuration: String, maximumConnections: Int = 8, applicationName: String = "herald") {
        self.configuration = configuration
        self.applicationName = applicationName
        self.maximumConnections = max(1, maximumConnections)
    }

    /// Leases a connection for `body`, returning it afterwards even when `body` throws.
    public func withConnection<T: Sendable>(_ body: (Connection) async throws -> T) async throws -> T {
        let connection = try await lease()
        do {
            let value = try await body(connection)
            release(slotOf: connection.isConnected ? connection : nil)
            return value
        } catch {
            release(slotOf: connection.isConnected ? connection : nil)
            throw error
        }
    }

    /// How many connections the pool has opened since it was made (replacements included).
    public var connectionsOpened: Int { state.withLock { $0.opened } }

    /// Closes idle connections and refuses new leases; leased ones close when they come back.
    public func close() {
        let waiters = state.withLock { state -> [CheckedContinuation<Connection?, Never>] in
            state.closed = true
            state.open -= state.idle.count
            state.idle.removeAll()
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        waiters.forEach { $0.resume(returning: nil) }
    }

    private enum Lease {
        case reuse(Connection)
        case create
        case wait
        case closed
    }

    private func lease() async throws -> Connection {
        let decision = state.withLock { state -> Lease in
            if state.closed { return .closed }
            if let connection = state.idle.popLast() { return .reuse(connection) }
            if state.open < maximumConnections {
                state.open += 1
                state.opened += 1
                return .create
            }
            return .wait
        }
        switch decision {
        case .reuse(let connection):
            return connection
        case .create:
            do {
                return try await Connection.connect(to: configuration, applicationName: applicationName)
            } catch {
                release(slotOf: nil)
                throw error
            }
        case .closed:
            throw PostgresError.connectionClosed()
        case .wait:
            let handed = await withCheckedContinuation { continuation in
                let closed = state.withLock { state -> Bool in
                    if state.closed { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if closed { continuation.resume(returning: nil) }
            }
            guard let handed else {
                // Either the pool closed or a slot freed up for a fresh connection.
                let closed = state.withLock { state -> Bool in
                    if !state.closed { state.opened += 1 }
                    return state.closed
                }
                if closed { throw PostgresError.connectionClosed() }
                do {
                    return try await Connection.connect(to: configuration, applicationName: applicationName)
                } catch {
                    release(slotOf: nil)
                    throw error
                }
            }
            return handed
        }
    }

    /// Hands a connection (or, when nil, its freed slot) to the next waiter, or back to idle.
    private func release(slotOf connection: Connection?) {
        let waiter = state.withLock { state -> CheckedContinuation<Connection?, Never>? in
            if state.closed {
                state.open -= 1
                return nil
            }
            if !state.waiters.isEmpty {
                return state.waiters.removeFirst()
            }
            if let connection {
                state.idle.append(connection)
            } else {
                state.open -= 1
            }
            return nil
        }
        // A waiter resumed with nil opens its own connection in the slot it inherits.
        waiter?.resume(returning: connection)
    }
}
