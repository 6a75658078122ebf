import Synchronization

/// A wake-up between tasks: `notify` wakes every waiter, or the next one when none waits.
///
/// Waiting has a timeout, so a lost wake-up only delays a loop, never stalls it.
final class Signal: Sendable {
    private struct State {
        var pending = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    func notify() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.waiters.isEmpty else {
                state.pending = true
                return []
            }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        waiting.forEach { $0.resume() }
    }

    /// Returns on a notification (or one that came since the last wait) or after `timeout`.
    func wait(timeout: Duration) async {
        await withCheckedContinuation { continuation in
            let id = state.withLock { state -> Int? in
                if state.pending {
                    state.pending = false
                    return nil
                }
                state.nextID += 1
                state.waiters[state.nextID] = continuation
                return state.nextID
            }
            guard let id else { return continuation.resume() }
            Task {
                try? await Task.sleep(for: timeout)
                self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
            }
        }
    }
}
