import Foundation

/// The rotation aggregate's rules: pure functions from a command, the state and its context to
/// events, or the reason nothing happens.
public enum RotationDecider {
    public static func decide(_ command: RotationCommand, _ state: RotationState, _ context: RotationContext)
        -> Result<[any DomainEvent], DecisionRejection>
    {
        Result { () throws(DecisionRejection) -> [any DomainEvent] in try decision(command, state, context) }
    }

    private static func decision(_ command: RotationCommand, _ state: RotationState, _ context: RotationContext)
        throws(DecisionRejection) -> [any DomainEvent]
    {
        switch command {
        case .create(let id, let name, let chatIDs, let templateIDs, let intervalSeconds, let startsAt):
            guard state.status == nil else { throw .alreadyExists }
            try validate(name: name)
            guard !chatIDs.isEmpty else { throw .noChats }
            guard !chatIDs.contains(0) else { throw .invalidChat }
            guard !templateIDs.isEmpty else { throw .noTemplates }
            for templateID in templateIDs { try usable(templateID, context) }
            let interval = RotationInterval(seconds: intervalSeconds)
            guard intervalSeconds >= RotationInterval.minimum.seconds else { throw .intervalTooShort(interval) }
            guard intervalSeconds <= RotationInterval.maximum.seconds else { throw .intervalTooLong(interval) }
            guard startsAt >= context.now else { throw .timeInPast(startsAt) }
            var seen: Set<Int64> = []
            return [
                RotationCreated(
                    rotationID: id, name: name, chatIDs: chatIDs.filter { seen.insert($0).inserted },
                    templateIDs: templateIDs, intervalSeconds: intervalSeconds, startsAt: startsAt),
                RotationNameClaimed(rotationID: id, name: name),
            ]
        case .pause(let id):
            guard let status = state.status else { throw .unknownRotation }
            guard status == .active else { throw .rotationAlready(status) }
            return [RotationPaused(rotationID: id)]
        case .resume(let id):
            guard let status = state.status else { throw .unknownRotation }
            guard status == .paused else { throw .rotationAlready(status) }
            return [RotationResumed(rotationID: id)]
        case .recordPost(let id, let sequence, let chatID, let messageID):
            let templateID = try outcome(sequence, chatID, state, context)
            return [
                RotationPosted(
                    rotationID: id, sequence: sequence, chatID: chatID, templateID: templateID, messageID: messageID)
            ]
        case .recordFailure(let id, let sequence, let chatID, let errorClass, let code, let description):
            let templateID = try outcome(sequence, chatID, state, context)
            return [
                RotationPostFailed(
                    rotationID: id, sequence: sequence, chatID: chatID, templateID: templateID,
                    errorClass: errorClass, code: code, description: description)
            ]
        }
    }

    public static func evolve(_ state: RotationState, _ event: any DomainEvent) -> RotationState {
        var state = state
        switch event {
        case let created as RotationCreated:
            state.status = .active
            state.name = created.name
            state.chatIDs = created.chatIDs
            state.schedule = RotationSchedule(
                startsAt: created.startsAt, intervalSeconds: created.intervalSeconds, templateIDs: created.templateIDs)
        case is RotationPaused: state.status = .paused
        case is RotationResumed: state.status = .active
        case let posted as RotationPosted: state.record(posted.sequence, posted.chatID)
        case let failed as RotationPostFailed: state.record(failed.sequence, failed.chatID)
        default: break
        }
        return state
    }

    /// Names are what operators type: 1 to 64 letters, digits, `-`, `_` or `.`, and not shaped like
    /// a rotation id, so `rotation show X` never has to guess which one `X` is.
    public static func validate(name: String) throws(DecisionRejection) {
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                || "-_.".unicodeScalars.contains($0)
        }
        guard !name.isEmpty, name.count <= 64, allowed, UUID(uuidString: name) == nil else {
            throw .invalidRotationName(name)
        }
    }

    /// The template slot `sequence` posted, once the outcome may be recorded: the rotation exists
    /// (paused or not: a post in flight when it was paused still happened), the chat is one of its
    /// chats, the slot is due, and neither it nor a later slot has an outcome for that chat.
    private static func outcome(_ sequence: Int, _ chatID: Int64, _ state: RotationState, _ context: RotationContext)
        throws(DecisionRejection) -> UUID
    {
        guard state.status != nil, let schedule = state.schedule else { throw .unknownRotation }
        guard state.chatIDs.contains(chatID) else { throw .notARotationChat(chatID) }
        guard sequence >= 0, let templateID = schedule.template(forSlot: sequence) else {
            throw .invalidSlot(sequence)
        }
        let due = schedule.time(ofSlot: sequence)
        guard due <= context.now else { throw .slotNotDue(sequence, at: due) }
        if let latest = state.lastSequence {
            guard sequence >= latest else { throw .slotOver(sequence, latest: latest) }
            guard sequence > latest || !state.chatsDone.contains(chatID) else {
                throw .slotRecorded(sequence, chat: chatID)
            }
        }
        return templateID
    }

    private static func usable(_ templateID: UUID, _ context: RotationContext) throws(DecisionRejection) {
        let name = context.templateNames[templateID] ?? templateID.lowercased
        guard let template = context.templates[templateID], template.exists else {
            throw .unknownTemplate(named: name)
        }
        guard !template.archived else { throw .templateArchived(named: name) }
    }
}

extension RotationState {
    /// An outcome for `chat` in slot `sequence`: a later slot starts a fresh set of chats.
    fileprivate mutating func record(_ sequence: Int, _ chat: Int64) {
        if let latest = lastSequence, sequence < latest { return }
        if sequence != lastSequence { chatsDone = [] }
        lastSequence = sequence
        chatsDone.insert(chat)
    }
}
