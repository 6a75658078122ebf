import Synchronization

/// Wakes whoever waits for new updates: long-polling `getUpdates` and the webhook deliverer.
///
/// A generation number closes the gap between "looked, found nothing" and "started waiting":
/// a waiter passes the generation it saw and returns at once if it has moved on.
final class UpdateSignal: Sendable {
    private struct State {
        var generation = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        var polls = 0
    }

    private let state = Mutex(State())

    var generation: Int { state.withLock { $0.generation } }

    /// Long polls that have looked for updates and are waiting for the next one: a test acts
    /// once its poll is here, so it proves the wake-up rather than an update found on arrival.
    var pollsWaiting: Int { state.withLock { $0.polls } }

    /// `wait`, counted in `pollsWaiting` for its length.
    func waitAsPoll(after seen: Int, until deadline: ContinuousClock.Instant) async {
        state.withLock { $0.polls += 1 }
        await wait(after: seen, until: deadline)
        state.withLock { $0.polls -= 1 }
    }

    func notifyAll() {
        let waiters = state.withLock { state in
            state.generation += 1
            defer { state.waiters = [:] }
            return state.waiters.values
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns after a notification newer than `seen`, at `deadline`, or on cancellation.
    func wait(after seen: Int, until deadline: ContinuousClock.Instant) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForNotification(after: seen) }
            group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForNotification(after seen: Int) async {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let parked = state.withLock { state in
                    guard state.generation == seen, !Task.isCancelled else { return false }
                    state.waiters[id] = continuation
                    return true
                }
                if !parked { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}
