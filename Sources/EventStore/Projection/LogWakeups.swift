import Postgres
import Synchronization

/// One `LISTEN` on the log's channel for a whole process, shared by everything that waits for
/// commits (`herald run`'s projectors).
///
/// Every commit to the log notifies, and PostgreSQL signals and wakes each listening backend in
/// turn: with a connection per projector, a click storm's few hundred commits a second became
/// thousands of signals, wake-ups and socket writes. Here one connection listens and a counter
/// of notified commits (the generation) wakes every waiter. A waiter reads the generation before
/// it reads the log and waits for a later one, so a commit between the two is never slept
/// through. Without a connection (the database restarting) waiters wake at their timeout, as
/// polling, until listening resumes.
public final class LogWakeups: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var nextWaiter: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Waiters given an id but not yet suspended, and those of them cancelled meanwhile.
        var arriving: Set<UInt64> = []
        var cancelled: Set<UInt64> = []
    }

    private let state = Mutex(State())
    private let listening = Mutex<Task<Void, Never>?>(nil)

    /// Starts listening on `configuration`'s database; after a lost connection, again every `retry`.
    public init(configuration: String, retry: Duration = .seconds(1)) {
        let task = Task.detached { [weak self] in
            while !Task.isCancelled {
                do {
                    let connection = try await Connection.connect(
                        to: configuration, applicationName: "herald-wakeups")
                    try await connection.listen(EventStore.notificationChannel)
                    // Commits made before LISTEN took effect were not notified: wake everyone once.
                    self?.bump()
                    while !Task.isCancelled {
                        let found = try await connection.waitForNotifications(timeout: .seconds(1))
                        guard let self else { return }
                        if !found.isEmpty { self.bump() }
                    }
                } catch {
                    try? await Task.sleep(for: retry)
                }
            }
        }
        listening.withLock { $0 = task }
    }

    deinit {
        stop()
    }

    /// Stops listening; waiters then wake only at their timeouts.
    public func stop() {
        listening.withLock { $0?.cancel() }
    }

    /// How many notified commits this process has seen: read it before reading the log.
    public var generation: UInt64 { state.withLock { $0.generation } }

    /// Returns the generation once it is past `seen`, or when `timeout` has passed.
    @discardableResult
    public func wait(after seen: UInt64, timeout: Duration) async -> UInt64 {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.next(after: seen) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        return generation
    }

    /// Suspends until the generation is past `seen` or the task is cancelled.
    private func next(after seen: UInt64) async {
        let id = state.withLock { state in
            state.nextWaiter += 1
            state.arriving.insert(state.nextWaiter)
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    state.arriving.remove(id)
                    if state.cancelled.remove(id) != nil || state.generation > seen { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiting = state.withLock { state in
                if state.arriving.contains(id) { state.cancelled.insert(id) }
                return state.waiters.removeValue(forKey: id)
            }
            waiting?.resume()
        }
    }

    private func bump() {
        let woken = state.withLock { state in
            state.generation += 1
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }
}
