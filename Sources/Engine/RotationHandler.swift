public import Broadcasting
public import Foundation
public import EventStore

/// Rotation commands through the command processor. Operators name a rotation or quote its id;
/// creation claims the name in the same atomic append as `rotation.created`, and the templates are
/// named too, resolved through their own claim streams.
public struct RotationHandler: Sendable {
    let processor: CommandProcessor<RotationState>
    let templates: TemplateHandler
    let metadata: CommandMetadata
    /// What time it is: the wall clock, or a test's.
    let clock: @Sendable () -> Date

    public init(store: EventStore, metadata: CommandMetadata, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.processor = CommandProcessor(store: store, initial: RotationState(), evolve: RotationDecider.evolve)
        self.templates = TemplateHandler(store: store, metadata: metadata)
        self.metadata = metadata
        self.clock = clock
    }

    /// The id of the rotation called `reference`: by its name claim, or else `reference` is its id.
    /// Names never look like ids (`RotationDecider.validate(name:)`), so the two cannot clash.
    public func resolve(_ reference: String) async throws -> UUID? {
        let claim = try await processor.store.readStream(StreamName.rotationName(reference), limit: 1).first
        if let claim { return (try EventCatalogue.decode(claim) as? RotationNameClaimed)?.rotationID }
        guard let id = UUID(uuidString: reference) else { return nil }
        return try await processor.store.readStream(StreamName.rotation(id), limit: 1).isEmpty ? nil : id
    }

    /// Sets up a rotation posting `templates` (by name, in turn) to `chats` every `intervalSeconds`
    /// from `startsAt` (default: the next whole minute); returns its id.
    @discardableResult
    public func create(
        name: String, chats: [Int64], templates names: [String], intervalSeconds: Int, startsAt: Date? = nil
    ) async throws -> UUID {
        try RotationDecider.validate(name: name)
        let taken = DecisionRejection.rotationNameTaken(name)
        if try await resolve(name) != nil { throw taken }
        let now = self.now
        var context = RotationContext(now: now)
        var templateIDs: [UUID] = []
        for templateName in names {
            let id = try await templates.existing(templateName)
            templateIDs.append(id)
            context.templateNames[id] = templateName
            context.templates[id] = try await templates.processor.load(StreamName.template(id)).0
        }
        let id = UUID()
        let command = RotationCommand.create(
            rotationID: id, name: name, chatIDs: chats, templateIDs: templateIDs, intervalSeconds: intervalSeconds,
            startsAt: startsAt.map(Self.wholeSecond) ?? Self.nextMinute(after: now))
        do {
            try await processor.handle(stream: StreamName.rotation(id), metadata: metadata) { [context] state in
                RotationDecider.decide(command, state, context)
            }
        } catch let error as EventStoreError where error.conflictingStream == StreamName.rotationName(name) {
            throw taken  // another operator claimed the name between the check and the append
        }
        return id
    }

    /// Stops the rotation posting until resumed; returns its id.
    @discardableResult
    public func pause(_ reference: String) async throws -> UUID {
        let id = try await existing(reference)
        try await decide(id, .pause(rotationID: id))
        return id
    }

    /// Posts again from the next slot still ahead; returns its id.
    @discardableResult
    public func resume(_ reference: String) async throws -> UUID {
        let id = try await existing(reference)
        try await decide(id, .resume(rotationID: id))
        return id
    }

    /// Records that slot `sequence` went to `chat` as Telegram message `messageID` (the scheduler's call).
    public func recordPost(_ id: UUID, sequence: Int, chat: Int64, messageID: Int64) async throws {
        try await decide(id, .recordPost(rotationID: id, sequence: sequence, chatID: chat, messageID: messageID))
    }

    /// Records that slot `sequence` could not be posted to `chat` (the scheduler's call).
    public func recordFailure(
        _ id: UUID, sequence: Int, chat: Int64, errorClass: SendErrorClass, code: Int, description: String
    ) async throws {
        try await decide(
            id,
            .recordFailure(
                rotationID: id, sequence: sequence, chatID: chat, errorClass: errorClass, code: code,
                description: description))
    }

    func existing(_ reference: String) async throws -> UUID {
        guard let id = try await resolve(reference) else { throw DecisionRejection.unknownRotation(named: reference) }
        return id
    }

    private func decide(_ id: UUID, _ command: RotationCommand) async throws {
        let now = self.now
        try await processor.handle(stream: StreamName.rotation(id), metadata: metadata) { state in
            RotationDecider.decide(command, state, RotationContext(now: now))
        }
    }

    /// Now, to the whole second the log stores, so what is decided is what is replayed.
    private var now: Timestamp { Self.wholeSecond(clock()) }

    private static func wholeSecond(_ date: Date) -> Timestamp {
        Timestamp(Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
    }

    /// The first slot of a rotation created without a start: soon, and on a minute an operator can read.
    static func nextMinute(after now: Timestamp) -> Timestamp {
        Timestamp(Date(timeIntervalSince1970: (now.date.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60))
    }
}
