import Broadcasting
import Foundation
import EventStore
import Logging
import Postgres
import Projections
import Telegram

extension Sender {
    /// Sends for the bot under `lease` until shutdown (returns) or a failure (throws).
    func lead(_ lease: SenderLease) async throws {
        let dispatch = try DispatchStore(store: store, botID: lease.botID, epoch: lease.epoch)
        // Pacing is the dispatcher's (so the pause gate sits between the rate slot and the
        // request); the client only honours retry_after and reports 429s at once.
        let client = BotClient(
            token: configuration.token, apiURL: configuration.apiURL, transport: transport, rateLimit: nil,
            rateLimitedAttempts: 1, throttle: configuration.pauses)
        let dispatcher = Dispatcher(
            dispatch: dispatch, client: client, configuration: configuration.dispatch, counters: counters,
            refusedToken: refusedToken, logger: logger)
        guard state.running(dispatcher) else { return }
        defer { _ = state.running(nil) }
        let gate = dispatcher.sendGate
        let feed = DispatchFeed(dispatch: dispatch)
        // Claims read recipients' chats and variables from the audience read model: make sure it exists.
        try await ProjectionRunner(configuration: configuration.database, projector: Audience()).catchUp()
        // Pauses and cancels are known, and a dead sender's marks closed, before anything is sent.
        _ = try await feed.catchUp(stop: { await gate.stop($0) }, resume: { gate.resume($0) })
        let recovered = try await dispatch.recover()
        if recovered > 0 {
            logger.notice("recovered in-flight deliveries of a dead sender", metadata: ["count": "\(recovered)"])
        }
        if let until = lease.pausedUntil, until > Date() {
            let seconds = Int(until.timeIntervalSinceNow.rounded(.up))
            await dispatcher.free.pause(seconds: seconds)
            await dispatcher.paid.pause(seconds: seconds)
        }
        let database = configuration.database
        let scheduler = Scheduler(
            dispatch: dispatch,
            broadcasts: BroadcastHandler(store: store, metadata: CommandMetadata(actor: "scheduler")),
            audience: { try await Audience.members(matching: $0, database: database) }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { dispatcher.shutdown() }
                try await dispatcher.run()
            }
            group.addTask {
                defer { dispatcher.shutdown() }
                try await self.follow(feed: feed, scheduler: scheduler, dispatcher: dispatcher)
            }
            group.addTask {
                defer { dispatcher.shutdown() }
                try await self.keep(lease, dispatcher: dispatcher)
            }
            group.addTask {
                defer { dispatcher.shutdown() }
                let poster = RotationPoster(
                    dispatch: dispatch, client: client, throttle: dispatcher.free,
                    rotations: RotationHandler(store: self.store, metadata: CommandMetadata(actor: "scheduler")),
                    logger: self.logger)
                try await poster.run { gate.isClosed }
            }
            try await group.waitForAll()
        }
    }

    /// Feeds the queue and starts due broadcasts, woken by every commit to the log and by the
    /// next broadcast's time.
    private func follow(feed: DispatchFeed, scheduler: Scheduler, dispatcher: Dispatcher) async throws {
        let gate = dispatcher.sendGate
        let listener = try await Connection.connect(to: configuration.database, applicationName: "herald-sender-feed")
        try await listener.listen(EventStore.notificationChannel)
        while !gate.isClosed {
            if try await feed.catchUp(stop: { await gate.stop($0) }, resume: { gate.resume($0) }) {
                dispatcher.poke()
            }
            let due = try await scheduler.startDue()
            let woke = try await listener.waitForNotifications(timeout: min(due ?? .seconds(1), .seconds(1)))
            // Every commit notifies, the dispatcher's own included: at full rate, read the log's
            // broadcast events at most every 50 ms rather than after each of them.
            if !woke.isEmpty { try? await Task.sleep(for: .milliseconds(50)) }
        }
    }

    /// Proves the lease every heartbeat and reports; throws `LeaseLost` when it is gone.
    private func keep(_ lease: SenderLease, dispatcher: Dispatcher) async throws {
        var last = (ContinuousClock.now, counters.snapshot.sent)
        while !dispatcher.sendGate.isClosed {
            let now = ContinuousClock.now
            let values = counters.snapshot
            let seconds =
                Double(last.0.duration(to: now).components.seconds)
                + Double(last.0.duration(to: now).components.attoseconds) / 1e18
            let rate = seconds > 0 ? Double(values.sent - last.1) / seconds : 0
            if seconds >= 0.5 { last = (now, values.sent) }
            let state = refusedToken.reason.map { "token refused: \($0)" } ?? "sending"
            let report = SenderLease.Report(state: state, rate: rate, pausedUntil: values.pausedUntil)
            guard try await lease.heartbeat(report) else { throw DispatchStore.LeaseLost() }
            try? await Task.sleep(for: configuration.heartbeat)
        }
    }
}
