import Foundation
import Synchronization

/// What the sender has done since the process started: the figures `herald status` and the
/// metrics endpoint show. Counted from what happened, never recounted from read models.
public final class SendCounters: Sendable {
    public struct Values: Sendable, Codable, Equatable {
        public var sent = 0
        public var failed: [String: Int] = [:]
        public var unknown = 0
        public var released = 0
        public var retries = 0
        public var rateLimited = 0
        public var requests = 0
        /// Total seconds spent in sendMessage requests, for the mean latency.
        public var requestSeconds = 0.0
        public var pausedUntil: Date?
    }

    private let values = Mutex(Values())

    public init() {}

    public var snapshot: Values { values.withLock { $0 } }

    func add(_ field: WritableKeyPath<Values, Int>) {
        values.withLock { $0[keyPath: field] += 1 }
    }

    func observeRequest(_ duration: Duration) {
        values.withLock {
            $0.requests += 1
            $0.requestSeconds += Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }

    func pausedUntil(_ date: Date) {
        values.withLock { $0.pausedUntil = max($0.pausedUntil ?? date, date) }
    }

    func record(_ outcomes: [DeliveryOutcome]) {
        values.withLock { values in
            for outcome in outcomes {
                switch outcome.kind {
                case .sent: values.sent += 1
                case .failed(let errorClass, _, _, _): values.failed[errorClass.rawValue, default: 0] += 1
                case .unknown: values.unknown += 1
                case .released: values.released += 1
                }
            }
        }
    }
}
