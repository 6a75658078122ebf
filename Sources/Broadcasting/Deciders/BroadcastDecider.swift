import Foundation

/// The broadcast aggregate's rules: pure functions from a command, the state and its context to
/// events, or the reason nothing happens.
public enum BroadcastDecider {
    public static func decide(_ command: BroadcastCommand, _ state: BroadcastState, _ context: BroadcastContext)
        -> Result<[any DomainEvent], DecisionRejection>
    {
        Result { () throws(DecisionRejection) -> [any DomainEvent] in try decision(command, state, context) }
    }

    private static func decision(_ command: BroadcastCommand, _ state: BroadcastState, _ context: BroadcastContext)
        throws(DecisionRejection) -> [any DomainEvent]
    {
        switch command {
        case .create(let id, let templateID, let title, let cohort, let delivery, let paid):
            guard state.status == nil else { throw .alreadyExists }
            try check(title: title)
            try usable(templateID, context)
            try parse(cohort)
            return [
                BroadcastCreated(
                    broadcastID: id, templateID: templateID, title: title, cohort: cohort, delivery: delivery,
                    paid: paid)
            ]
        case .revise(let id, let templateID, let title, let cohort):
            try require(state, in: [.draft], to: "revise")
            if let templateID { try usable(templateID, context) }
            if let title { try check(title: title) }
            if let cohort { try parse(cohort) }
            return [BroadcastRevised(broadcastID: id, templateID: templateID, title: title, cohort: cohort)]
        case .schedule(let id, let sendAt):
            try require(state, in: [.draft, .scheduled], to: "schedule")
            guard sendAt > context.now else { throw .timeInPast(sendAt) }
            return [BroadcastScheduled(broadcastID: id, sendAt: sendAt)]
        case .start(let id, let audience):
            try require(state, in: [.draft, .scheduled], to: "start")
            guard let templateID = state.templateID else { throw .unknownTemplate }
            let template = try usable(templateID, context)
            guard !audience.isEmpty else { throw .emptyAudience }
            return [BroadcastStarted(broadcastID: id, templateRevision: template.revision)]
                + chunks(of: audience, size: context.audienceChunkSize, broadcast: id)
        case .pause(let id, let reason):
            try require(state, in: [.sending], to: "pause")
            return [BroadcastPaused(broadcastID: id, reason: reason)]
        case .resume(let id):
            try require(state, in: [.paused], to: "resume")
            return [BroadcastResumed(broadcastID: id)]
        case .cancel(let id, let reason):
            try require(state, in: [.draft, .scheduled, .sending, .paused], to: "cancel")
            return [BroadcastCanceled(broadcastID: id, reason: reason)]
        case .complete(let id, let sent, let failed, let unknown):
            try require(state, in: [.sending], to: "complete")
            return [BroadcastCompleted(broadcastID: id, sent: sent, failed: failed, unknown: unknown)]
        case .fail(let id, let reason):
            try require(state, in: [.scheduled, .sending, .paused], to: "fail")
            return [BroadcastFailed(broadcastID: id, reason: reason)]
        }
    }

    public static func evolve(_ state: BroadcastState, _ event: any DomainEvent) -> BroadcastState {
        var state = state
        switch event {
        case let created as BroadcastCreated:
            state.status = .draft
            state.templateID = created.templateID
        case let revised as BroadcastRevised:
            state.templateID = revised.templateID ?? state.templateID
        case let scheduled as BroadcastScheduled:
            state.status = .scheduled
            state.sendAt = scheduled.sendAt
        case is BroadcastStarted, is BroadcastResumed: state.status = .sending
        case is BroadcastPaused: state.status = .paused
        case is BroadcastCanceled: state.status = .canceled
        case is BroadcastCompleted: state.status = .completed
        case is BroadcastFailed: state.status = .failed
        default: break
        }
        return state
    }

    private static func require(_ state: BroadcastState, in allowed: Set<BroadcastStatus>, to action: String)
        throws(DecisionRejection)
    {
        guard let status = state.status else { throw .unknownBroadcast }
        guard allowed.contains(status) else { throw .notAllowed(action, when: status.rawValue) }
    }

    /// A title's longest, as the seed's schema has it.
    public static let maximumTitleLength = 100

    /// A title is 1 to 100 characters, not only spaces, on one line without control characters.
    static func check(title: String) throws(DecisionRejection) {
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw .emptyTitle }
        guard title.count <= maximumTitleLength else { throw .titleTooLong(title.count) }
        guard !title.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .titleControlCharacter
        }
    }

    @discardableResult
    private static func usable(_ templateID: UUID, _ context: BroadcastContext) throws(DecisionRejection)
        -> TemplateState
    {
        guard let template = context.templates[templateID], template.exists else { throw .unknownTemplate }
        guard !template.archived else { throw .templateArchived }
        return template
    }

    /// Refuses to start `template` for `audience` when it is empty or when a member cannot get the
    /// message (a variable they lack, a text over Telegram's limit): the first such is named.
    ///
    /// Run once by the caller before `.start`, not inside the decision, so a retried decision does
    /// not render a million recipients again.
    public static func checkAudience(_ audience: [AudienceMember], template: TemplateState) throws(DecisionRejection) {
        guard !audience.isEmpty else { throw .emptyAudience }
        let compiled = MessageTemplate(unchecked: template.body, parseMode: template.parseMode).compiled()
        for member in audience {
            do {
                _ = try compiled.render(member.variables)
            } catch {
                throw .unrenderable(member.userID, error)
            }
        }
    }

    private static func parse(_ cohort: JSONValue) throws(DecisionRejection) {
        do {
            _ = try Cohort(cohort)
        } catch {
            throw .invalidCohort(error)
        }
    }

    private static func chunks(of audience: [Int64], size: Int, broadcast: UUID) -> [any DomainEvent] {
        let count = (audience.count + size - 1) / size
        return (0..<count).map { index in
            let ids = Array(audience[(index * size)..<min(audience.count, (index + 1) * size)])
            return BroadcastAudienceResolved(broadcastID: broadcast, chunk: index, chunkCount: count, userIDs: ids)
        }
    }
}
