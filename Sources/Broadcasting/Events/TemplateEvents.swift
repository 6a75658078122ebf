import Foundation

/// An operator wrote a message template: text in a parse mode with Stencil variables, an
/// optional category to file it under, and buttons.
public struct TemplateCreated: DomainEvent {
    public static let type = "template.created"
    /// 3: buttons may carry a `reply` (2 added parse modes and categories).
    public static let schemaVersion = 3
    public var templateID: UUID
    public var name: String
    public var body: String
    public var parseMode: ParseMode
    /// A label operators group templates by (`promo`, `news`, …); nil for none.
    public var category: String?
    public var buttons: [TemplateButton]
    public var stream: String { StreamName.template(templateID) }

    public init(
        templateID: UUID, name: String, body: String, parseMode: ParseMode = .markdownV2, category: String? = nil,
        buttons: [TemplateButton]
    ) {
        self.templateID = templateID
        self.name = name
        self.body = body
        self.parseMode = parseMode
        self.category = category
        self.buttons = buttons
    }

    enum CodingKeys: String, CodingKey {
        case templateID = "template_id", name, body, parseMode = "parse_mode", category, buttons
    }
}

/// A template changed; the event holds the whole new content (text, parse mode, category and
/// buttons). `revision` counts from 2 (creation is revision 1).
public struct TemplateRevised: DomainEvent {
    public static let type = "template.revised"
    /// 3: buttons may carry a `reply` (2 added parse modes and categories).
    public static let schemaVersion = 3
    public var templateID: UUID
    public var revision: Int
    public var body: String
    public var parseMode: ParseMode
    public var category: String?
    public var buttons: [TemplateButton]
    public var stream: String { StreamName.template(templateID) }

    public init(
        templateID: UUID, revision: Int, body: String, parseMode: ParseMode = .markdownV2, category: String? = nil,
        buttons: [TemplateButton]
    ) {
        self.templateID = templateID
        self.revision = revision
        self.body = body
        self.parseMode = parseMode
        self.category = category
        self.buttons = buttons
    }

    enum CodingKeys: String, CodingKey {
        case templateID = "template_id", revision, body, parseMode = "parse_mode", category, buttons
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
