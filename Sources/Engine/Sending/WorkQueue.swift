import Synchronization

/// Claimed deliveries waiting for a worker: a queue many tasks take from, closed at shutdown.
final class WorkQueue<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var head = 0
        var waiters: [CheckedContinuation<Item?, Never>] = []
        var closed = false
    }

    private let state = Mutex(State())

    func put(_ items: [Item]) {
        let handed = state.withLock { state -> [(CheckedContinuation<Item?, Never>, Item)] in
            var items = items[...]
            var handed: [(CheckedContinuation<Item?, Never>, Item)] = []
            while !state.waiters.isEmpty, let item = items.popFirst() {
                handed.append((state.waiters.removeFirst(), item))
            }
            if state.head > 1024 {
                state.items.removeFirst(state.head)
                state.head = 0
            }
            state.items.append(contentsOf: items)
            return handed
        }
        for (waiter, item) in handed { waiter.resume(returning: item) }
    }

    /// The next item; nil once the queue is closed and empty.
    func take() async -> Item? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> (Item?, Bool) in
                if state.head < state.items.count {
                    defer { state.head += 1 }
                    return (state.items[state.head], true)
                }
                if state.closed { return (nil, true) }
                state.waiters.append(continuation)
                return (nil, false)
            }
            if ready.1 { continuation.resume(returning: ready.0) }
        }
    }

    /// Items still waiting; workers drain them, then get nil.
    func close() {
        let waiting = state.withLock { state -> [CheckedContinuation<Item?, Never>] in
            state.closed = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiting.forEach { $0.resume(returning: nil) }
    }
}
