import Foundation
import Synchronization

/// Where a request is admitted, or refused because its broadcast was paused or canceled or the
/// sender is stopping.
///
/// `stop(_:)` returns only when no request of the broadcast is in flight, and none can start
/// after it: so once the feed has acknowledged a pause, the operator's command may return with
/// "no new request starts" true.
final class SendGate: Sendable {
    private struct State {
        var stopped: Set<UUID> = []
        var closed = false
        var inFlight: [UUID: Int] = [:]
        var drained: [UUID: [CheckedContinuation<Void, Never>]] = [:]
    }

    private let state = Mutex(State())

    /// True when a request for `broadcast` may start now; pair with `finished`.
    func admit(_ broadcast: UUID) -> Bool {
        state.withLock { state in
            guard !state.closed, !state.stopped.contains(broadcast) else { return false }
            state.inFlight[broadcast, default: 0] += 1
            return true
        }
    }

    func finished(_ broadcast: UUID) {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            let left = (state.inFlight[broadcast] ?? 1) - 1
            state.inFlight[broadcast] = left > 0 ? left : nil
            guard left <= 0 else { return [] }
            return state.drained.removeValue(forKey: broadcast) ?? []
        }
        waiting.forEach { $0.resume() }
    }

    func isStopped(_ broadcast: UUID) -> Bool {
        state.withLock { $0.closed || $0.stopped.contains(broadcast) }
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    /// Admits nothing more for `broadcast` and waits for its requests in flight to end.
    func stop(_ broadcast: UUID) async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                state.stopped.insert(broadcast)
                guard state.inFlight[broadcast] != nil else { return true }
                state.drained[broadcast, default: []].append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    func resume(_ broadcast: UUID) {
        _ = state.withLock { $0.stopped.remove(broadcast) }
    }

    /// Admits nothing more at all (shutdown, a lost lease, a refused token).
    func close() {
        state.withLock { $0.closed = true }
    }
}
