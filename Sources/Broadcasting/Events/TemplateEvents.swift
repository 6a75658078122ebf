import Foundation

/// An operator wrote a message template: MarkdownV2 text with Stencil variables, and buttons.
public struct TemplateCreated: DomainEvent {
    public static let type = "template.created"
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

    enum CodingKeys: String, CodingKey {
        case templateID = "template_id", name, body, buttons
    }
}

/// A template's text or buttons changed; `revision` counts from 2 (creation is revision 1).
public struct TemplateRevised: DomainEvent {
    public static let type = "template.revised"
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

    enum CodingKeys: String, CodingKey {
        case templateID = "template_id", revision, body, buttons
    }
}

/// A template can no longer be used by new broadcasts; existing ones keep their copy.
public struct TemplateArchived: DomainEvent {
    public static let type = "template.archived"
    public static let schemaVersion = 1
    public var templateID: UUID
    public var stream: String { StreamName.template(templateID) }

    public init(templateID: UUID) { self.templateID = templateID }

    enum CodingKeys: String, CodingKey {
        case templateID = "template_id"
    }
}
