public import Postgres

extension EventStore {
    /// Every event after `checkpoint`, then each new one as it is committed, without end.
    ///
    /// Wakes on `NOTIFY herald_events` through a dedicated LISTEN connection and also re-reads
    /// every `pollInterval`, so a lost notification or a lost listener only delays delivery.
    /// Events arrive exactly once and in position order; memory holds one batch.
    ///
    /// With `listen` false it only polls (for tests of the fallback, or where LISTEN is unavailable).
    public func subscribe(
        after checkpoint: Int64, batchSize: Int = 1000, pollInterval: Duration = .seconds(1), listen: Bool = true
    ) -> Subscription {
        Subscription(
            store: self, after: checkpoint, batchSize: max(1, batchSize), pollInterval: pollInterval, listen: listen)
    }
}

/// An endless, ordered feed of the log from a checkpoint; ends only when its task is cancelled.
public struct Subscription: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent
    let store: EventStore
    let after: Int64
    let batchSize: Int
    let pollInterval: Duration
    let listen: Bool

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(subscription: self, checkpoint: after)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let subscription: Subscription
        /// The position of the last event handed out.
        public private(set) var checkpoint: Int64
        var buffer: [RecordedEvent] = []
        var index = 0
        var listener: Connection?

        init(subscription: Subscription, checkpoint: Int64) {
            self.subscription = subscription
            self.checkpoint = checkpoint
        }

        /// The next event; nil once the task is cancelled.
        public mutating func next() async throws -> RecordedEvent? {
            while !Task.isCancelled {
                if index < buffer.count {
                    defer { index += 1 }
                    checkpoint = buffer[index].position
                    return buffer[index]
                }
                // Listen before reading, so a commit after the read still wakes the wait below.
                if listener == nil && subscription.listen { listener = await startListening() }
                do {
                    buffer = try await subscription.store.read(after: checkpoint, limit: subscription.batchSize)
                } catch let error as PostgresError where error.code == .connectionLost {
                    buffer = []  // the pool replaces the connection; read again after a pause
                }
                index = 0
                if buffer.isEmpty { await waitForWakeUp() }
            }
            return nil
        }

        private func startListening() async -> Connection? {
            do {
                let connection = try await Connection.connect(
                    to: subscription.store.configuration, applicationName: "herald-listener")
                try await connection.listen(EventStore.notificationChannel)
                return connection
            } catch {
                return nil  // polling carries on; listening is retried on the next round
            }
        }

        private mutating func waitForWakeUp() async {
            guard let listener else {
                try? await Task.sleep(for: subscription.pollInterval)
                return
            }
            do {
                _ = try await listener.waitForNotifications(timeout: subscription.pollInterval)
            } catch {
                self.listener = nil
            }
        }
    }
}
