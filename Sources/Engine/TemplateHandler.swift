public import Broadcasting
import Foundation
public import EventStore

/// Template commands by name: the name resolves to an id through its claim stream, and creation
/// claims the name in the same atomic append as `template.created`.
public struct TemplateHandler: Sendable {
    let processor: CommandProcessor<TemplateState>
    let metadata: CommandMetadata

    public init(store: EventStore, metadata: CommandMetadata) {
        self.processor = CommandProcessor(store: store, initial: TemplateState(), evolve: TemplateDecider.evolve)
        self.metadata = metadata
    }

    /// Names are what operators type: 1 to 64 letters, digits, `-`, `_` or `.`.
    public static func validate(name: String) throws(DecisionRejection) {
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                || "-_.".unicodeScalars.contains($0)
        }
        guard !name.isEmpty, name.count <= 64, allowed else {
            throw .invalidName(name)
        }
    }

    /// The id of the template named `name`, from the first event of its claim stream.
    public func resolve(_ name: String) async throws -> UUID? {
        guard let first = try await processor.store.readStream(StreamName.templateName(name), limit: 1).first else {
            return nil
        }
        return (try EventCatalogue.decode(first) as? TemplateNameClaimed)?.templateID
    }

    @discardableResult
    public func create(
        name: String, body: String, parseMode: ParseMode = .markdownV2, category: String? = nil,
        buttons: [TemplateButton]
    ) async throws -> UUID {
        try Self.validate(name: name)
        let exists = DecisionRejection.nameTaken(name)
        if try await resolve(name) != nil { throw exists }
        let id = UUID()
        do {
            // The decision renders the template to check it: on the rendering threads.
            try await Rendering.run { [processor, metadata] in
            try await processor.handle(stream: StreamName.template(id), metadata: metadata) { state in
                TemplateDecider.decide(
                    .create(
                        templateID: id, name: name, body: body, parseMode: parseMode, category: category,
                        buttons: buttons), state
                )
                .map { $0 + [TemplateNameClaimed(templateID: id, name: name)] }
            }
            }
        } catch let error as EventStoreError where error.conflictingStream == StreamName.templateName(name) {
            throw exists  // another operator claimed the name between the check and the append
        }
        return id
    }

    /// Replaces the template's text and buttons; a nil `body`, `buttons` or `parseMode` keeps the
    /// current one, and a nil `category` keeps the current one (`.some(nil)` removes it). Returns the
    /// revision after the change.
    @discardableResult
    public func revise(
        name: String, body: String?, parseMode: ParseMode? = nil, category: String?? = nil,
        buttons: [TemplateButton]?
    ) async throws -> Int {
        let id = try await existing(name)
        return try await Rendering.run { [processor, metadata] in
            try await processor.handle(stream: StreamName.template(id), metadata: metadata) { state in
                TemplateDecider.decide(
                    .revise(
                        templateID: id, body: body ?? state.body, parseMode: parseMode ?? state.parseMode,
                        category: category ?? state.category, buttons: buttons ?? state.buttons), state)
            }.state.revision
        }
    }

    public func archive(name: String) async throws {
        let id = try await existing(name)
        try await processor.handle(stream: StreamName.template(id), metadata: metadata) { state in
            TemplateDecider.decide(.archive(templateID: id), state)
        }
    }

    func existing(_ name: String) async throws -> UUID {
        guard let id = try await resolve(name) else {
            throw DecisionRejection.unknownTemplate(named: name)
        }
        return id
    }
}
