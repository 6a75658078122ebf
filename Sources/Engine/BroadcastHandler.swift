public import Broadcasting
public import Foundation
public import EventStore

/// Broadcast commands through the command processor, with the context each decision needs: the
/// time, the named template's state, and for `send` the audience as resolved at that moment.
public struct BroadcastHandler: Sendable {
    /// A broadcast's folded state and the cohort it targets, which `send` resolves. The audience
    /// itself is on a stream of its own, so this stays small whatever the audience's size.
    public struct Record: Sendable {
        public var state = BroadcastState()
        public var cohort: JSONValue?
    }

    /// The recipients a cohort selects now, with their template variables; the caller reads the
    /// audience read model, caught up.
    public typealias AudienceResolver = @Sendable (Cohort) async throws -> [AudienceMember]

    let processor: CommandProcessor<Record>
    let templates: TemplateHandler
    let metadata: CommandMetadata
    let audienceChunkSize: Int

    public init(store: EventStore, metadata: CommandMetadata, audienceChunkSize: Int = 1000) {
        self.processor = CommandProcessor(store: store, initial: Record(), evolve: Self.evolve)
        self.templates = TemplateHandler(store: store, metadata: metadata)
        self.metadata = metadata
        self.audienceChunkSize = audienceChunkSize
    }

    static func evolve(_ record: Record, _ event: any DomainEvent) -> Record {
        var record = record
        record.state = BroadcastDecider.evolve(record.state, event)
        if let created = event as? BroadcastCreated { record.cohort = created.cohort }
        if let revised = event as? BroadcastRevised, let cohort = revised.cohort { record.cohort = cohort }
        return record
    }

    /// Drafts a broadcast of the template named `template`; returns its id. `delivery` says what
    /// the dispatcher does with a message that may or may not have arrived when a sender died;
    /// `paid` sends with `allow_paid_broadcast` (up to 1000 messages a second, paid). A caller that
    /// may ask twice for one broadcast (a redelivered update) passes an `id` of its own: the second
    /// ask is refused as `alreadyExists`.
    @discardableResult
    public func create(
        id: UUID = UUID(), title: String, template: String, cohort: JSONValue,
        delivery: DeliveryGuarantee = .atMostOnce, paid: Bool = false
    ) async throws -> UUID {
        let (templateID, context) = try await context(template: template)
        try await handle(id) { record in
            BroadcastDecider.decide(
                .create(
                    broadcastID: id, templateID: templateID, title: title, cohort: cohort, delivery: delivery,
                    paid: paid), record.state, context)
        }
        return id
    }

    /// Changes a draft; nil leaves a field as it is.
    public func revise(_ id: UUID, title: String?, template: String?, cohort: JSONValue?) async throws {
        var templateID: UUID?
        var context = BroadcastContext(now: Self.now)
        if let template { (templateID, context) = try await self.context(template: template) }
        try await handle(id) { [context, templateID] record in
            BroadcastDecider.decide(
                .revise(broadcastID: id, templateID: templateID, title: title, cohort: cohort), record.state, context)
        }
    }

    public func schedule(_ id: UUID, at sendAt: Date) async throws {
        try await handle(id) { record in
            BroadcastDecider.decide(
                .schedule(broadcastID: id, sendAt: Timestamp(sendAt)), record.state, BroadcastContext(now: Self.now))
        }
    }

    /// Starts sending: resolves the cohort now and records who is targeted. Returns the audience size.
    ///
    /// The audience is resolved and checked (the template renders for every member) once, before
    /// the decision; a decision retried after a concurrent change only re-reads the broadcast.
    @discardableResult
    public func send(_ id: UUID, audience resolve: AudienceResolver) async throws -> Int {
        let (record, _) = try await processor.load(StreamName.broadcast(id))
        guard let templateID = record.state.templateID, let cohort = record.cohort else {
            throw DecisionRejection.unknownBroadcast
        }
        if let status = record.state.status, ![.draft, .scheduled].contains(status) {
            throw DecisionRejection.notAllowed("start", when: status.rawValue)
        }
        let (template, _) = try await templates.processor.load(StreamName.template(templateID))
        let audience = try await resolve(try Self.parse(cohort))
        try await Rendering.run { () throws(DecisionRejection) in
            try BroadcastDecider.checkAudience(audience, template: template)
        }
        let ids = audience.map(\.userID)
        try await handle(id) { record in
            let context = BroadcastContext(
                now: Self.now, templates: [templateID: template], audienceChunkSize: audienceChunkSize)
            return BroadcastDecider.decide(.start(broadcastID: id, audience: ids), record.state, context)
        }
        return ids.count
    }

    /// Stops a broadcast that cannot succeed, e.g. one due with nobody left to send to.
    public func fail(_ id: UUID, reason: String) async throws {
        try await decide(id, .fail(broadcastID: id, reason: reason))
    }

    /// Records that every targeted recipient has an outcome.
    public func complete(_ id: UUID, sent: Int, failed: Int, unknown: Int) async throws {
        try await decide(id, .complete(broadcastID: id, sent: sent, failed: failed, unknown: unknown))
    }

    /// Refuses, as `send` would, a broadcast of `template` to `cohort` that could not start now
    /// (an empty audience, a recipient the template cannot render for), so `create --now` drafts
    /// nothing it cannot send. Returns the audience it checked, for the send that follows.
    public func checkStart(template name: String, cohort: JSONValue, audience resolve: AudienceResolver) async throws
        -> [AudienceMember]
    {
        let (templateID, context) = try await context(template: name)
        let parsed = try Self.parse(cohort)
        let audience = try await resolve(parsed)
        let template = context.templates[templateID] ?? TemplateState()
        try await Rendering.run { () throws(DecisionRejection) in
            try BroadcastDecider.checkAudience(audience, template: template)
        }
        return audience
    }

    /// Pauses, with a reason the operator sees when the engine pauses (the bot's token refused).
    /// Returns the position of `broadcast.paused`, which the sender acknowledges
    /// (`SenderAcknowledgement`) once it starts no new request for the broadcast.
    @discardableResult
    public func pause(_ id: UUID, reason: String? = nil) async throws -> Int64 {
        try await decide(id, .pause(broadcastID: id, reason: reason))
    }

    public func resume(_ id: UUID) async throws {
        try await decide(id, .resume(broadcastID: id))
    }

    /// Cancels for good; returns the position of `broadcast.canceled` (see `pause`).
    @discardableResult
    public func cancel(_ id: UUID) async throws -> Int64 {
        try await decide(id, .cancel(broadcastID: id, reason: nil))
    }

    /// Decides `command` and returns the position of its last event (0 when nothing was appended).
    @discardableResult
    private func decide(_ id: UUID, _ command: BroadcastCommand) async throws -> Int64 {
        try await handle(id) { record in
            BroadcastDecider.decide(command, record.state, BroadcastContext(now: Self.now))
        }.positions.max() ?? 0
    }

    @discardableResult
    private func handle(
        _ id: UUID, decide: @Sendable (Record) async throws -> Result<[any DomainEvent], DecisionRejection>
    ) async throws -> CommandProcessor<Record>.Outcome {
        try await processor.handle(stream: StreamName.broadcast(id), metadata: metadata, decide: decide)
    }

    /// The template named `name` by id, and a context holding its state.
    private func context(template name: String) async throws -> (UUID, BroadcastContext) {
        let templateID = try await templates.existing(name)
        let (state, _) = try await templates.processor.load(StreamName.template(templateID))
        return (templateID, BroadcastContext(now: Self.now, templates: [templateID: state]))
    }

    private static var now: Timestamp { Timestamp(Date()) }

    private static func parse(_ cohort: JSONValue) throws(DecisionRejection) -> Cohort {
        do throws(CohortRejection) { return try Cohort(cohort) } catch { throw .invalidCohort(error) }
    }
}
