import Dispatch
import Metrics

/// `herald_append_seconds`: how long the `herald.append` statement takes, whoever calls it.
///
/// Timed around the statement, inside the caller's transaction, so it measures the append itself
/// (including the wait for the append lock) and not what else the transaction does or its commit.
/// A no-op until a metrics backend is bootstrapped (`herald run` does); made per call, not held in
/// a static, so an append before the bootstrap doesn't bind it to the no-op backend for good.
enum AppendTimer {
    static func measure<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            Timer(label: "herald_append_seconds").recordNanoseconds(
                Int64(clamping: DispatchTime.now().uptimeNanoseconds - start))
        }
        return try body()
    }
}
