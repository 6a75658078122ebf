import Foundation
public import Postgres

/// Who asked for a change and which command it belongs to: stored as every event's metadata.
public struct CommandMetadata: Codable, Sendable, Equatable {
    /// `cli:<user>`, `telegram:<user id>`, `dispatcher`, …
    public var actor: String
    public var commandID: UUID
    /// Ties together everything one operator action caused; a new command starts its own.
    public var correlationID: UUID
    /// The event or command that caused this one, when there is one.
    public var causationID: UUID?

    public init(actor: String, commandID: UUID = UUID(), correlationID: UUID? = nil, causationID: UUID? = nil) {
        self.actor = actor
        self.commandID = commandID
        self.correlationID = correlationID ?? commandID
        self.causationID = causationID
    }

    enum CodingKeys: String, CodingKey {
        case actor, commandID = "command_id", correlationID = "correlation_id", causationID = "causation_id"
    }

    public var jsonb: JSONB {
        get throws { try JSONB(encoding: self) }
    }
}
