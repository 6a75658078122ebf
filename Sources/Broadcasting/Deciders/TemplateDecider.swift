import Foundation

/// What an operator asks of a template.
public enum TemplateCommand: Sendable, Hashable {
    case create(
        templateID: UUID, name: String, body: String, parseMode: ParseMode = .markdownV2, category: String? = nil,
        buttons: [TemplateButton])
    /// The whole new content: what the operator left out, the caller fills from the state.
    case revise(
        templateID: UUID, body: String, parseMode: ParseMode = .markdownV2, category: String? = nil,
        buttons: [TemplateButton])
    case archive(templateID: UUID)
}

/// A template as its stream folds: enough to decide the next command.
public struct TemplateState: Sendable, Hashable {
    public var exists = false
    public var revision = 0
    public var archived = false
    public var body = ""
    public var parseMode = ParseMode.markdownV2
    public var category: String?
    public var buttons: [TemplateButton] = []

    public init() {}
}

/// The template aggregate's rules: pure functions from a command and the state to events.
public enum TemplateDecider {
    public static func decide(_ command: TemplateCommand, _ state: TemplateState) -> Result<
        [any DomainEvent], DecisionRejection
    > {
        Result { () throws(DecisionRejection) -> [any DomainEvent] in
            switch command {
            case .create(let id, let name, let body, let parseMode, let category, let buttons):
                guard !state.exists else { throw .alreadyExists }
                try validate(body: body, parseMode: parseMode, category: category, buttons: buttons)
                return [
                    TemplateCreated(
                        templateID: id, name: name, body: body, parseMode: parseMode, category: category,
                        buttons: buttons)
                ]
            case .revise(let id, let body, let parseMode, let category, let buttons):
                guard state.exists else { throw .unknownTemplate }
                guard !state.archived else { throw .templateArchived }
                try validate(body: body, parseMode: parseMode, category: category, buttons: buttons)
                return [
                    TemplateRevised(
                        templateID: id, revision: state.revision + 1, body: body, parseMode: parseMode,
                        category: category, buttons: buttons)
                ]
            case .archive(let id):
                guard state.exists else { throw .unknownTemplate }
                return state.archived ? [] : [TemplateArchived(templateID: id)]
            }
        }
    }

    public static func evolve(_ state: TemplateState, _ event: any DomainEvent) -> TemplateState {
        var state = state
        switch event {
        case let created as TemplateCreated:
            state.exists = true
            state.revision = 1
            state.body = created.body
            state.parseMode = created.parseMode
            state.category = created.category
            state.buttons = created.buttons
        case let revised as TemplateRevised:
            state.revision = revised.revision
            state.body = revised.body
            state.parseMode = revised.parseMode
            state.category = revised.category
            state.buttons = revised.buttons
        case is TemplateArchived:
            state.archived = true
        default:
            break
        }
        return state
    }

    /// The body parses and cannot fit Telegram's limit; button names are distinct, URL buttons
    /// open http(s) URLs, and callback payloads fit 64 bytes (the short broadcast id is always 22
    /// characters, so any id gives the same length).
    static func validate(body: String, parseMode: ParseMode, category: String?, buttons: [TemplateButton])
        throws(DecisionRejection)
    {
        if let category, !isValidCategory(category) { throw .invalidCategory(category) }
        let template: MessageTemplate
        do {
            template = try MessageTemplate(body, parseMode: parseMode)
        } catch {
            throw .invalidTemplate(error)
        }
        let length = template.minimumRenderedLength
        if length > MessageTemplate.maximumLength { throw .invalidTemplate(.tooLong(length)) }
        guard buttons.count <= TemplateButton.maximumPerKeyboard else { throw .tooManyButtons(buttons.count) }
        var seen: Set<String> = []
        for button in buttons {
            guard seen.insert(button.id).inserted else { throw .duplicateButton(button.id) }
            do {
                try button.validate(for: UUID())
            } catch {
                throw .invalidButton(error)
            }
        }
    }

    /// 1 to 32 lower-case letters, digits, `-` or `_`, starting with a letter or digit.
    static func isValidCategory(_ category: String) -> Bool {
        let scalars = Array(category.unicodeScalars)
        func allowed(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) }
        guard let first = scalars.first, allowed(first), scalars.count <= 32 else { return false }
        return scalars.allSatisfy { allowed($0) || $0 == "-" || $0 == "_" }
    }
}
