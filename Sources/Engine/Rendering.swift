import Dispatch

/// Where templates are rendered: threads of their own, never one that serves HTTP (the webhook,
/// tracked links, `/healthz`) or sends, so a costly template slows only other renders.
///
/// `TemplateLimits` bounds one render; this bounds where it runs. Work handed to `run` executes its
/// synchronous parts on the rendering queue (a task executor preference) and returns to the caller
/// after; what it awaits (the database) runs where it always does.
public enum Rendering {
    static let executor = RenderingExecutor()

    /// Runs `work` on the rendering threads.
    public static func run<T: Sendable, Failure: Error>(_ work: @Sendable () async throws(Failure) -> T)
        async throws(Failure) -> T
    {
        try await withTaskExecutorPreference(executor, isolation: nil, operation: work)
    }

    /// Whether the caller is on a rendering thread (for assertions at the render sites).
    public static var isCurrent: Bool { DispatchQueue.getSpecific(key: RenderingExecutor.key) != nil }
}

/// A task executor over a concurrent dispatch queue of its own.
final class RenderingExecutor: TaskExecutor {
    static let key = DispatchSpecificKey<Bool>()
    private let queue: DispatchQueue

    init() {
        queue = DispatchQueue(label: "herald.rendering", qos: .utility, attributes: .concurrent)
        queue.setSpecific(key: Self.key, value: true)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
