import Foundation
import Metrics
import Synchronization

/// What the sender has done since the process started: the figures `herald status` and the
/// metrics endpoint show. Counted from what happened, never recounted from read models, and
/// reported to swift-metrics under the names operators alert on (`herald_messages_sent_total`, …);
/// without a metrics backend bootstrapped those are no-ops.
public final class SendCounters: Sendable {
    private struct Meters: Sendable {
        let sent = Counter(label: "herald_messages_sent_total")
        let unknown = Counter(label: "herald_messages_unknown_total")
        let retries = Counter(label: "herald_send_retries_total")
        let rateLimited = Counter(label: "herald_telegram_429_total")
        let requestSeconds = Timer(label: "herald_telegram_request_seconds")

        func failed(_ errorClass: String) -> Counter {
            Counter(label: "herald_messages_failed_total", dimensions: [("class", errorClass)])
        }
    }

    private let meters = Meters()
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

    func retried() {
        values.withLock { $0.retries += 1 }
        meters.retries.increment()
    }

    func rateLimited() {
        values.withLock { $0.rateLimited += 1 }
        meters.rateLimited.increment()
    }

    func observeRequest(_ duration: Duration) {
        meters.requestSeconds.record(duration: duration)
        values.withLock {
            $0.requests += 1
            $0.requestSeconds += Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }

    func pausedUntil(_ date: Date) {
        values.withLock { $0.pausedUntil = max($0.pausedUntil ?? date, date) }
    }

    func record(_ outcomes: [DeliveryOutcome]) {
        for outcome in outcomes {
            switch outcome.kind {
            case .sent: meters.sent.increment()
            case .failed(let errorClass, _, _, _): meters.failed(errorClass.rawValue).increment()
            case .unknown: meters.unknown.increment()
            case .released: break
            }
        }
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
