import Foundation

/// A template took its name: the first event of the stream `template-name-<name>`, appended with
/// expected version no-stream together with `template.created`, so the log itself keeps names unique.
public struct TemplateNameClaimed: DomainEvent {
    public static let type = "template.name-claimed"
    public static let schemaVersion = 1
    public var templateID: UUID
    public var name: String
    public var stream: String { StreamName.templateName(name) }

    public init(templateID: UUID, name: String) {
        self.templateID = templateID
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case templateID = "template_id", name
    }
}
