import Foundation

/// A thread of its own on which one connection's blocking libpq calls run.
///
/// libpq blocks in `poll()` while the server works; running that on Swift's cooperative pool would
/// starve every other task on a 2-core machine. Jobs run one at a time in submission order, which
/// is also what confines a `PGconn` to a single thread.
final class BlockingExecutor: @unchecked Sendable {  // `jobs` and `stopped` are guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var stopped = false

    /// The name of the executor whose thread is running the caller, if any.
    static var currentName: String? { Thread.current.threadDictionary[nameKey] as? String }
    private static let nameKey = "herald.executor"

    init(name: String) {
        let thread = Thread { [self] in
            Thread.current.threadDictionary[Self.nameKey] = name
            self.loop()
        }
        thread.name = name
        thread.start()
    }

    /// Runs `body` on the executor's thread and returns its result to the awaiting task.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let accepted = submit { continuation.resume(with: Result { try body() }) }
            if !accepted { continuation.resume(throwing: PostgresError.connectionClosed()) }
        }
    }

    /// Queues a job; false once the executor has been shut down.
    @discardableResult
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// Lets queued jobs finish, then ends the thread.
    func shutdown() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty && stopped {
                condition.unlock()
                return
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job() }
        }
    }
}
