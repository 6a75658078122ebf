public import Broadcasting
import Foundation
import EventStore
import Logging
import Postgres
import Synchronization
public import Telegram

/// Sends the waiting recipients of every sending broadcast, for one bot, under one lease epoch.
///
/// A producer claims windows of about `window` of sends (marking them in flight in one commit)
/// while at most `budget` claimed deliveries lack a recorded outcome; `concurrency` workers take
/// them, wait for the bot's rate limiter, pass the `SendGate` (refused once the broadcast is
/// paused or canceled, or the sender stops: the delivery is then released, never sent) and send;
/// the `OutcomeRecorder` commits outcomes in groups. So after a crash at most `budget` deliveries
/// are in doubt.
public final class Dispatcher: Sendable {
    public struct Configuration: Sendable {
        /// Messages per second for ordinary broadcasts (Telegram's ~30); nil sends unthrottled
        /// (a local simulator or a benchmark).
        public var rate: Double?
        /// Messages per second for broadcasts created with `--paid` (up to 1000).
        public var paidRate: Double?
        /// Requests in flight at once.
        public var concurrency = 64
        /// How much sending one claim marks in flight.
        public var window: Duration = .milliseconds(100)
        /// Claimed windows ahead of the recorded outcomes.
        public var windowsAhead = 2
        /// Largest claim.
        public var maximumClaim = 500
        /// Tracked links for URL buttons (`HERALD_PUBLIC_URL`); nil sends URL buttons as they are.
        public var links: TrackedLinks?

        public init(rate: Double? = 30, paidRate: Double? = 1000) {
            self.rate = rate
            self.paidRate = paidRate
        }

        func claimSize(paid: Bool) -> Int {
            guard let rate = paid ? paidRate : rate else { return maximumClaim }
            return min(maximumClaim, max(1, Int((window / .seconds(1) * rate).rounded(.up))))
        }
    }

    let dispatch: DispatchStore
    let client: BotClient
    let configuration: Configuration
    let broadcasts: BroadcastHandler
    let logger: Logger
    let gate = SendGate()
    let free: Throttle
    let paid: Throttle
    let work = WorkQueue<Prepared>()
    let recorder: OutcomeRecorder
    let wake = Signal()
    let plans = Mutex<[UUID: BroadcastPlan]>([:])
    let contentWatch = Mutex<[UUID: [String?]]>([:])
    let failure = Mutex<(any Error)?>(nil)
    /// Set when Telegram refused the token: nothing more is sent until the process restarts. The
    /// sender's, so it outlives this dispatcher when the lease is taken again.
    let refusedToken: TokenRefusal
    public let counters: SendCounters

    init(
        dispatch: DispatchStore, client: BotClient, configuration: Configuration, counters: SendCounters,
        refusedToken: TokenRefusal, logger: Logger
    ) {
        self.refusedToken = refusedToken
        self.dispatch = dispatch
        self.client = client
        self.configuration = configuration
        self.counters = counters
        self.logger = logger
        self.broadcasts = BroadcastHandler(store: dispatch.store, metadata: CommandMetadata(actor: "dispatcher"))
        free = Throttle(configuration: configuration.rate.map { RateLimiter.Configuration(messagesPerSecond: $0) })
        paid = Throttle(configuration: configuration.paidRate.map { RateLimiter.Configuration(messagesPerSecond: $0) })
        recorder = OutcomeRecorder(dispatch: dispatch, counters: counters)
    }

    /// The gate the feed stops and resumes broadcasts at.
    var sendGate: SendGate { gate }

    /// Sends until `shutdown()` (then what is claimed is released and recorded) or until a
    /// failure (a lost lease, the database gone), which it throws.
    public func run() async throws {
        let recording = Task { try await recorder.run() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do { try await self.produce() } catch { self.fail(error) }
                self.work.close()
            }
            for _ in 0..<configuration.concurrency {
                group.addTask { await self.workLoop() }
            }
        }
        recorder.finish()
        do { try await recording.value } catch { fail(error) }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// Starts no new request; claimed deliveries are released and recorded, then `run` returns.
    public func shutdown() {
        gate.close()
        wake.notify()
    }

    /// Wakes the producer: the feed has applied something (a broadcast started or resumed).
    func poke() { wake.notify() }

    private func fail(_ error: any Error) {
        failure.withLock { if $0 == nil { $0 = error } }
        gate.close()
        wake.notify()
    }

    // MARK: Claiming

    private func produce() async throws {
        while !gate.isClosed {
            if let error = recorder.failure { throw error }
            guard refusedToken.reason == nil else {
                await wake.wait(timeout: .seconds(1))
                continue
            }
            var claimed = 0
            for broadcast in try await sendingBroadcasts() where !gate.isStopped(broadcast.id) {
                let size = configuration.claimSize(paid: broadcast.paid)
                // In doubt after a crash: at most `windowsAhead` claims' worth without an outcome.
                while recorder.outstanding + size > size * configuration.windowsAhead && !gate.isClosed {
                    await recorder.recorded.wait(timeout: .milliseconds(200))
                }
                if gate.isClosed || gate.isStopped(broadcast.id) { break }
                let plan = try await plan(for: broadcast)
                let items = try await dispatch.claim(broadcast: broadcast.id, limit: size)
                if items.isEmpty {
                    try await completeIfDone(broadcast.id)
                    continue
                }
                recorder.claimed(items.count)
                // Rendered here, a claim at a time, on the rendering threads: never on a sending one.
                work.put(await Rendering.run { items.map { Prepared(delivery: $0, plan: plan, text: plan.render($0)) } })
                claimed += items.count
            }
            if claimed == 0 { await wake.wait(timeout: .seconds(1)) }
        }
    }

    /// A claimed delivery with its broadcast's plan and its text rendered.
    struct Prepared: Sendable {
        let delivery: ClaimedDelivery
        let plan: BroadcastPlan
        let text: Result<String, TemplateRejection>
    }

    struct Sending: Sendable {
        var id: UUID
        var templateID: UUID
        var revision: Int
        var guarantee: DeliveryGuarantee
        var paid: Bool
    }

    func sendingBroadcasts() async throws -> [Sending] {
        try await dispatch.fenced { session in
            try session.query(
                """
                SELECT broadcast_id, template_id, coalesce(template_revision, 1), delivery, paid
                FROM herald.dispatch_broadcasts WHERE status = 'sending' ORDER BY started_at, broadcast_id
                """
            ).map { row in
                Sending(
                    id: try row.decode(UUID.self, at: 0), templateID: try row.decode(UUID.self, at: 1),
                    revision: try row.decode(Int.self, at: 2),
                    guarantee: DeliveryGuarantee(rawValue: try row.decode(String.self, at: 3)) ?? .atMostOnce,
                    paid: try row.decode(Bool.self, at: 4))
            }
        }
    }

    /// The broadcast's template at its pinned revision, compiled once.
    private func plan(for broadcast: Sending) async throws -> BroadcastPlan {
        if let plan = plans.withLock({ $0[broadcast.id] }) { return plan }
        let template = try await dispatch.template(broadcast.templateID, revision: broadcast.revision)
        var signer: LinkSigner?
        if let links = configuration.links, template.buttons.contains(where: { $0.url != nil }) {
            signer = links.signer(try await links.keys.key())
        }
        let plan = BroadcastPlan(
            broadcastID: broadcast.id, template: template, guarantee: broadcast.guarantee, paid: broadcast.paid,
            links: signer)
        plans.withLock { $0[broadcast.id] = plan }
        return plan
    }

    /// Completes a sending broadcast whose every targeted recipient has an outcome.
    private func completeIfDone(_ id: UUID) async throws {
        let done = try await dispatch.fenced { session in
            try session.query(
                """
                SELECT sent, failed, unknown FROM herald.dispatch_broadcasts b
                WHERE broadcast_id = \(id) AND status = 'sending' AND chunk_count IS NOT NULL
                  AND chunks >= chunk_count
                  AND NOT EXISTS (SELECT 1 FROM herald.dispatch_queue q WHERE q.broadcast_id = b.broadcast_id)
                """
            ).first.map {
                (try $0.decode(Int.self, at: 0), try $0.decode(Int.self, at: 1), try $0.decode(Int.self, at: 2))
            }
        }
        guard let (sent, failed, unknown) = done else { return }
        do {
            try await broadcasts.complete(id, sent: sent, failed: failed, unknown: unknown)
            logger.info(
                "broadcast completed",
                metadata: ["broadcast": "\(id)", "sent": "\(sent)", "failed": "\(failed)", "unknown": "\(unknown)"])
        } catch is DecisionRejection {
            // paused or canceled meanwhile: the feed has it
        }
    }
}

/// Why Telegram refused the bot's token, once it has; shared by the sender's dispatchers.
final class TokenRefusal: Sendable {
    private let value = Mutex<String?>(nil)

    var reason: String? { value.withLock { $0 } }

    /// Records the first refusal; true for the first caller.
    func refuse(_ reason: String) -> Bool {
        value.withLock { value in
            guard value == nil else { return false }
            value = reason
            return true
        }
    }
}
