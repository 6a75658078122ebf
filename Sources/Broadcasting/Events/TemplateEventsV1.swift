import Foundation

/// `template.created` as version 1 stored it, before parse modes and categories: every template
/// was MarkdownV2 and filed under nothing. Kept so old events decode and `herald audit verify`
/// accepts them; folds read them through `upcast()`.
public struct TemplateCreatedV1: DomainEvent, LegacyEvent {
    public static let type = TemplateCreated.type
    public static let schemaVersion = 1
    public var templateID: UUID
    public var name: String
    public var body: String
    public var buttons: [TemplateButton]
    public var stream: String { StreamName.template(templateID) }

    public init(templateID: UUID, name: String, body: String, buttons: [TemplateButton]) {
        self.templateID = templateID
        self.name = name
        self.body = body
        self.buttons = buttons
    }

    public func upcast() -> TemplateCreated {
        TemplateCreated(
            templateID: templateID, name: name, body: body, parseMode: .markdownV2, category: nil, buttons: buttons)
    }

    enum CodingKeys: String, CodingKey {
        case templateID = "template_id", name, body, buttons
    }
}

/// `template.revised` as version 1 stored it: a v1 template had no parse mode but MarkdownV2 and
/// no category, and a v1 revision could change neither.
public struct TemplateRevisedV1: DomainEvent, LegacyEvent {
    public static let type = TemplateRevised.type
    public static let schemaVersion = 1
    public var templateID: UUID
    public var revision: Int
    public var body: String
    public var buttons: [TemplateButton]
    public var stream: String { StreamName.template(templateID) }

    public init(templateID: UUID, revision: Int, body: String, buttons: [TemplateButton]) {
        self.templateID = templateID
        self.revision = revision
        self.body = body
        self.buttons = buttons
    }

    public func upcast() -> TemplateRevised {
        TemplateRevised(
            templateID: templateID, revision: revision, body: body, parseMode: .markdownV2, category: nil,
            buttons: buttons)
    }

    enum CodingKeys: String, CodingKey {
        case templateID = "template_id", revision, body, buttons
    }
}
