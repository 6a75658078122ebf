import Foundation

/// `template.created` as version 2 stored it, before buttons could carry a follow-up `reply`:
/// the same fields, which now upcast unchanged. Kept so old events decode as the version they are.
public struct TemplateCreatedV2: DomainEvent, LegacyEvent {
    public static let type = TemplateCreated.type
    public static let schemaVersion = 2
    public var current: TemplateCreated
    public var stream: String { current.stream }

    public init(_ current: TemplateCreated) { self.current = current }
    public init(from decoder: any Decoder) throws { current = try TemplateCreated(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try current.encode(to: encoder) }
    public func upcast() -> TemplateCreated { current }
}

/// `template.revised` as version 2 stored it; see `TemplateCreatedV2`.
public struct TemplateRevisedV2: DomainEvent, LegacyEvent {
    public static let type = TemplateRevised.type
    public static let schemaVersion = 2
    public var current: TemplateRevised
    public var stream: String { current.stream }

    public init(_ current: TemplateRevised) { self.current = current }
    public init(from decoder: any Decoder) throws { current = try TemplateRevised(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try current.encode(to: encoder) }
    public func upcast() -> TemplateRevised { current }
}
