/// The life of one projector in one process, as a state machine without I/O.
///
/// `ProjectionRunner` feeds it what just happened and does what it answers, so the decisions
/// (rebuild when the stored version is older or missing, step aside when it is newer, stand by
/// while another process holds the projector, back off after failures, sleep when caught up) are
/// tested on their own.
struct ProjectorLoop: Sendable {
    enum State: Equatable, Sendable {
        case starting
        /// Another process runs this projector; retry later.
        case standby
        /// The stored read model is a newer version than this binary folds (a rolling deploy):
        /// never rebuilt backwards; the lock is let go for the newer runner, and retried later.
        case superseded
        case rebuilding
        case projecting
        /// Caught up with the log; waiting for NOTIFY or the poll interval.
        case idle
        /// A call failed; `failures` in a row so far.
        case recovering(failures: Int)
        /// An event cannot be folded (the fold itself throws, not the connection): the lock is
        /// kept and the batch tried again after a back-off; `attempts` so far.
        case failing(attempts: Int)
    }

    enum Input: Sendable {
        case started
        case lockDenied
        /// The lock is ours; `storedVersion` is nil when the projector has no checkpoint yet.
        case lockAcquired(storedVersion: Int?)
        case rebuilt
        case applied(caughtUp: Bool)
        case wokeUp
        case failed
        /// The fold of the next event threw; the failure is recorded where operators see it.
        case foldFailed
    }

    enum Action: Equatable, Sendable {
        case acquireLock
        case retryLock(after: Duration)
        case rebuild
        case applyNextBatch
        case waitForWakeUp
        /// Drop the connection (and with it the lock), wait, then start again.
        case restart(after: Duration)
        /// Keep the lock, wait, then try the batch again.
        case retryBatch(after: Duration)
    }

    let version: Int
    let standbyInterval: Duration
    private(set) var state: State = .starting
    private var failures = 0
    private var foldAttempts = 0

    init(version: Int, standbyInterval: Duration = .seconds(5)) {
        self.version = version
        self.standbyInterval = standbyInterval
    }

    mutating func handle(_ input: Input) -> Action {
        switch input {
        case .started:
            state = failures > 0 ? .recovering(failures: failures) : .starting
            return .acquireLock
        case .lockDenied:
            state = .standby
            return .retryLock(after: standbyInterval)
        case .lockAcquired(let storedVersion):
            if storedVersion == version {
                state = .projecting
                return .applyNextBatch
            }
            if let storedVersion, storedVersion > version {
                state = .superseded
                return .restart(after: standbyInterval)
            }
            state = .rebuilding
            return .rebuild
        case .rebuilt:
            state = .projecting
            return .applyNextBatch
        case .applied(let caughtUp):
            failures = 0
            foldAttempts = 0
            state = caughtUp ? .idle : .projecting
            return caughtUp ? .waitForWakeUp : .applyNextBatch
        case .wokeUp:
            state = .projecting
            return .applyNextBatch
        case .failed:
            failures += 1
            state = .recovering(failures: failures)
            return .restart(after: Self.backOff(failures: failures))
        case .foldFailed:
            foldAttempts += 1
            state = .failing(attempts: foldAttempts)
            return .retryBatch(after: Self.foldBackOff(attempts: foldAttempts))
        }
    }

    /// 500 ms doubling per attempt, at most 30 s: a fold that fails fails the same way until the
    /// code or the data changes, so it is retried slowly.
    static func foldBackOff(attempts: Int) -> Duration {
        let exponent = min(max(attempts - 1, 0), 6)
        return min(.milliseconds(500 * (1 << exponent)), .seconds(30))
    }

    /// 100 ms doubling per failure in a row, at most 10 s.
    static func backOff(failures: Int) -> Duration {
        let exponent = min(max(failures - 1, 0), 7)
        return min(.milliseconds(100 * (1 << exponent)), .seconds(10))
    }
}
