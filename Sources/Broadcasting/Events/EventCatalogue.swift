import Foundation

/// Every event type and schema version Herald writes or has written, in one list.
///
/// Other code iterates it: the CLI registers each entry for `herald audit verify`, and
/// `herald event-samples` prints a sample of each for `scripts/check-event-schemas`, which fails
/// when an entry has no file in `EventSchemas/` or a file has no entry. Superseded versions stay
/// listed, because the log still holds events written at them.
public enum EventCatalogue {
    public static let all: [any DomainEvent.Type] = [
        TemplateCreatedV1.self, TemplateCreatedV2.self, TemplateCreated.self, TemplateRevisedV1.self,
        TemplateRevisedV2.self, TemplateRevised.self,
        TemplateArchived.self, TemplateNameClaimed.self,
        RecipientRegisteredV1.self, RecipientRegistered.self, RecipientAttributesChanged.self,
        RecipientBlocked.self, RecipientUnblocked.self,
        BroadcastCreated.self, BroadcastRevised.self, BroadcastScheduled.self, BroadcastStarted.self,
        BroadcastAudienceResolved.self, BroadcastPaused.self, BroadcastResumed.self, BroadcastCanceled.self,
        BroadcastCompleted.self, BroadcastFailed.self,
        MessageSent.self, MessageFailed.self, MessageOutcomeUnknown.self, MessageDispatching.self, MessageReleased.self,
        CTAClicked.self, ConversionMarked.self,
        RotationCreated.self, RotationPosted.self, RotationPostFailed.self, RotationPaused.self,
        RotationResumed.self, RotationNameClaimed.self,
    ]

    /// The Swift type stored as `type` at `schemaVersion`, or nil when Herald doesn't know it.
    public static func eventType(_ type: String, schemaVersion: Int) -> (any DomainEvent.Type)? {
        all.first { $0.type == type && $0.schemaVersion == schemaVersion }
    }

    /// The JSON Herald stores for `event`: snake_case keys (from the types' `CodingKeys`),
    /// sorted, as `JSONB(encoding:)` writes them.
    public static func encode(_ event: some DomainEvent) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(event)
    }

    /// Decodes stored data as its type and version say, upcast to the current version, so folds
    /// only ever see current shapes.
    public static func decode(_ type: String, schemaVersion: Int, data: Data) throws -> any DomainEvent {
        guard let eventType = eventType(type, schemaVersion: schemaVersion) else {
            throw EventDecodingError.unknownType(type, schemaVersion: schemaVersion)
        }
        let event = try JSONDecoder().decode(eventType, from: data)
        if let legacy = event as? any LegacyEvent {
            return legacy.upcastToCurrent()
        }
        return event
    }
}

/// An event stored at a superseded schema version that reads as the current one.
public protocol LegacyEvent: DomainEvent {
    associatedtype Current: DomainEvent
    func upcast() -> Current
}

extension LegacyEvent {
    func upcastToCurrent() -> any DomainEvent { upcast() }
}

extension RecipientRegisteredV1: LegacyEvent {}

/// Why stored data could not be read as a domain event.
public struct EventDecodingError: Error, CustomStringConvertible, Equatable {
    public let description: String

    static func unknownType(_ type: String, schemaVersion: Int) -> EventDecodingError {
        EventDecodingError(description: "no event type \(type) at schema version \(schemaVersion)")
    }
}
