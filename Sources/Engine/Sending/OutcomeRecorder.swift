import EventStore
import Foundation
import Synchronization

/// Commits outcomes in groups (the job completer): workers add them, one loop flushes every
/// `interval` or when `batch` are waiting, in one fenced transaction each.
final class OutcomeRecorder: Sendable {
    private struct State {
        var pending: [DeliveryOutcome] = []
        /// Claimed deliveries whose outcome is not committed yet.
        var outstanding = 0
        var finishing = false
        var failure: (any Error)?
    }

    let dispatch: DispatchStore
    let counters: SendCounters
    let interval: Duration
    let batch: Int
    private let state = Mutex(State())
    private let ready = Signal()
    /// Notified after each commit: the producer may claim again.
    let recorded = Signal()

    init(dispatch: DispatchStore, counters: SendCounters, interval: Duration = .milliseconds(50), batch: Int = 500) {
        self.dispatch = dispatch
        self.counters = counters
        self.interval = interval
        self.batch = batch
    }

    var outstanding: Int { state.withLock { $0.outstanding } }
    var failure: (any Error)? { state.withLock { $0.failure } }

    func claimed(_ count: Int) {
        state.withLock { $0.outstanding += count }
    }

    func add(_ outcome: DeliveryOutcome) {
        let full = state.withLock { state -> Bool in
            state.pending.append(outcome)
            return state.pending.count >= batch
        }
        if full { ready.notify() }
    }

    /// Flushes what is pending and ends `run`.
    func finish() {
        state.withLock { $0.finishing = true }
        ready.notify()
    }

    func run() async throws {
        while true {
            await ready.wait(timeout: interval)
            let (outcomes, finishing) = state.withLock { state in
                defer { state.pending = [] }
                return (state.pending, state.finishing)
            }
            do {
                try await commit(outcomes)
            } catch {
                state.withLock { $0.failure = error }
                recorded.notify()
                throw error
            }
            if finishing && state.withLock({ $0.pending.isEmpty }) { return }
        }
    }

    /// Commits, setting aside an outcome whose stream moved under it (someone else closed the
    /// mark: only possible if fencing failed), so one bad delivery never blocks the rest. A set-aside
    /// outcome is no longer outstanding either: its mark is closed, and the claim loop waits for
    /// the outstanding count to drop.
    private func commit(_ outcomes: [DeliveryOutcome]) async throws {
        let handled = outcomes.count
        var outcomes = outcomes
        while !outcomes.isEmpty {
            do {
                try await dispatch.record(outcomes)
                break
            } catch let error as EventStoreError where error.conflictingStream != nil {
                outcomes.removeAll { $0.events.first?.stream == error.conflictingStream }
            }
        }
        guard handled > 0 else { return }
        counters.record(outcomes)
        state.withLock { $0.outstanding -= handled }
        recorded.notify()
    }
}
