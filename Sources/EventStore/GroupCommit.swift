import Synchronization

/// Many callers' appends in one commit.
///
/// A commit costs a disk flush; a batch of 1,000 events costs little more than a batch of one
/// (BENCHMARKS.md). Callers hand their events here and await their own positions; whoever finds
/// no flush under way starts one, which takes every queued request that does not touch a stream
/// another member's expected version depends on, appends them with one `herald.append`, and hands
/// each caller its slice. A conflict sends the requests that expected a version of the conflicting
/// stream to be appended alone (where a re-sent one finds its stored positions, and any other gets
/// its conflict); the rest go in the next group.
/// Any other failure of a group falls back to appending its requests one by one, so a caller
/// never gets another caller's error.
public final class GroupCommit: Sendable {
    private struct Request {
        let events: [NewEvent]
        let expectations: [String: ExpectedVersion]
        let continuation: CheckedContinuation<AppendResult, any Error>

        var streams: Set<String> { Set(events.map(\.stream)).union(expectations.keys) }
        /// Streams whose version this request depends on.
        var constrained: Set<String> { Set(expectations.filter { $0.value != .any }.keys) }
    }

    private struct State {
        var queue: [Request] = []
        var flushing = false
    }

    public let store: EventStore
    /// The most events one commit carries.
    public let maximumEvents: Int
    private let state = Mutex(State())

    public init(store: EventStore, maximumEvents: Int = 1000) {
        self.store = store
        self.maximumEvents = max(1, maximumEvents)
    }

    /// Appends `events` atomically (as `EventStore.append`), sharing a commit with concurrent callers.
    @discardableResult
    public func append(_ events: [NewEvent], expectations: [String: ExpectedVersion] = [:]) async throws
        -> AppendResult
    {
        guard !events.isEmpty else { throw EventStoreError.emptyBatch }
        return try await withCheckedThrowingContinuation { continuation in
            let lead = state.withLock { state -> Bool in
                state.queue.append(Request(events: events, expectations: expectations, continuation: continuation))
                guard !state.flushing else { return false }
                state.flushing = true
                return true
            }
            if lead { Task { await self.flushUntilEmpty() } }
        }
    }

    /// Requests waiting for a flush (for tests that arrange a group).
    var waiting: Int { state.withLock { $0.queue.count } }

    private func flushUntilEmpty() async {
        while let group = nextGroup() {
            await flush(group)
        }
    }

    /// Takes the next group off the queue, or ends the flush when the queue is empty.
    private func nextGroup() -> [Request]? {
        state.withLock { state -> [Request]? in
            guard !state.queue.isEmpty else {
                state.flushing = false
                return nil
            }
            // A request joins unless it would change a stream another member's expectation depends
            // on, or depend on one another member changes; unconstrained appends share freely.
            var group: [Request] = []
            var touched: Set<String> = []
            var constrained: Set<String> = []
            var events = 0
            var rest: [Request] = []
            for request in state.queue {
                let streams = request.streams
                let needs = request.constrained
                let fits =
                    group.isEmpty
                    || (events + request.events.count <= maximumEvents && needs.isDisjoint(with: touched)
                        && streams.isDisjoint(with: constrained))
                if fits {
                    group.append(request)
                    touched.formUnion(streams)
                    constrained.formUnion(needs)
                    events += request.events.count
                } else {
                    rest.append(request)
                }
            }
            state.queue = rest
            return group
        }
    }

    private func flush(_ group: [Request]) async {
        let events = group.flatMap(\.events)
        let expectations = group.reduce(into: [String: ExpectedVersion]()) { $0.merge($1.expectations) { a, _ in a } }
        do {
            let result = try await store.append(events, expectations: expectations)
            var offset = 0
            for request in group {
                let range = offset..<offset + request.events.count
                offset += request.events.count
                request.continuation.resume(
                    returning: AppendResult(
                        positions: Array(result.positions[range]), streamVersions: Array(result.streamVersions[range]),
                        appended: result.appended))
            }
        } catch let error as EventStoreError where error.conflictingStream != nil && group.count > 1 {
            // Nothing was appended: queue the requests not on that stream again first, and append
            // those on it alone, where a re-sent request finds its stored positions (the group's
            // batch as a whole is not stored) and any other gets its own conflict.
            let stream = error.conflictingStream ?? ""
            let failed = group.filter { $0.constrained.contains(stream) }
            guard !failed.isEmpty else { return await appendOneByOne(group) }
            state.withLock { $0.queue.insert(contentsOf: group.filter { !$0.constrained.contains(stream) }, at: 0) }
            await appendOneByOne(failed)
        } catch  where group.count > 1 {
            await appendOneByOne(group)
        } catch {
            group.forEach { $0.continuation.resume(throwing: error) }
        }
    }

    private func appendOneByOne(_ group: [Request]) async {
        for request in group {
            do {
                request.continuation.resume(
                    returning: try await store.append(request.events, expectations: request.expectations))
            } catch {
                request.continuation.resume(throwing: error)
            }
        }
    }
}
