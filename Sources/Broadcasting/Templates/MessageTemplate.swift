import Stencil

/// A message template: the operator's text, in a `ParseMode` (MarkdownV2 unless they chose HTML
/// or plain text), with Stencil variables for recipient data.
///
/// The literal text is the operator's own markup and is sent as written (they format it). Every
/// variable's value is recipient data and is escaped for the parse mode before it is substituted,
/// so `{{ first_name }}` shows "Ana_Maria (2)" or "<Ana>" literally, never as formatting or a parse
/// error.
/// Filters therefore see escaped text; Herald's variables are plain strings, for which Stencil's
/// filters (`upper`, `default`, …) keep escapes intact.
///
/// Unknown-variable policy: a `{{ name }}` the recipient has no value for is rejected rather than
/// rendered empty ("Hi ,"), unless the expression gives a fallback with the `default` filter
/// (`{{ first_name|default:"there" }}`; the fallback is template text, so the operator escapes
/// it). `{% if name %}` may test any name, since a missing one is simply false.
public struct MessageTemplate: Sendable, Hashable {
    /// Telegram's limit on a message's text.
    public static let maximumLength = 4096

    public let source: String
    public let parseMode: ParseMode

    /// Checks that `source` is within `TemplateLimits` and parses as a Stencil template; nothing is
    /// parsed or rendered before the limits are checked.
    public init(_ source: String, parseMode: ParseMode = .markdownV2) throws(TemplateRejection) {
        self.source = source
        self.parseMode = parseMode
        let compiled = compiled()
        if let refusal = compiled.refusal { throw refusal }
        _ = try compiled.render(escaped: [:])
    }

    /// A template whose source was checked when it was written (a stored template's body); one
    /// that does not parse or passes a limit after all (stored by an older binary) is refused when
    /// rendered, before Stencil parses it.
    public init(unchecked source: String, parseMode: ParseMode = .markdownV2) {
        self.source = source
        self.parseMode = parseMode
    }

    /// The variables `{{ … }}` expressions need without a `default`, in order of first use.
    public var requiredVariables: [String] {
        guard let template = try? TemplateLimits.lexed(source) else { return [] }
        return TemplateVariables(tokens: template.tokens).required
    }

    /// The message text for a recipient whose data is `variables`.
    ///
    /// The length is measured on the rendered MarkdownV2 in UTF-16 units (Telegram's unit), which
    /// is at least the length Telegram measures after parsing entities: a text that passes here is
    /// never too long for Telegram, though a heavily escaped one near the limit may be refused
    /// here that Telegram would take.
    public func render(_ variables: [String: String]) throws(TemplateRejection) -> String {
        try compiled().render(variables)
    }

    /// The template lexed once and its required variables found once, for rendering it for many
    /// recipients (a broadcast's whole audience).
    public func compiled() -> Compiled {
        let template: Template
        do {
            template = try TemplateLimits.lexed(source, environment: Environment(trimBehaviour: .smart))
        } catch {
            return Compiled(template: nil, refusal: error, requiredVariables: [], parseMode: parseMode)
        }
        return Compiled(
            template: template, refusal: nil, requiredVariables: TemplateVariables(tokens: template.tokens).required,
            parseMode: parseMode)
    }

    /// A `MessageTemplate` ready to render repeatedly, from many tasks at once: Stencil's
    /// `Template` holds only its lexed tokens, which rendering reads and never changes.
    public struct Compiled: @unchecked Sendable {
        /// Nil when `refusal` says why the source may not be rendered.
        let template: Template?
        let refusal: TemplateRejection?
        let requiredVariables: [String]
        let parseMode: ParseMode

        /// As `MessageTemplate.render(_:)`.
        public func render(_ variables: [String: String]) throws(TemplateRejection) -> String {
            if let refusal { throw refusal }
            if let missing = requiredVariables.first(where: { variables[$0] == nil }) {
                throw .unknownVariable(missing)
            }
            let text = try render(escaped: variables.mapValues(parseMode.escape))
            let length = text.utf16.count
            if length > MessageTemplate.maximumLength { throw .tooLong(length) }
            if text.allSatisfy(\.isWhitespace) { throw .empty }
            return text
        }

        fileprivate func render(escaped context: [String: String]) throws(TemplateRejection) -> String {
            guard let template else { throw refusal ?? .unparsable("the template was refused") }
            do {
                return try template.render(context)
            } catch let error as TemplateSyntaxError {
                throw .unparsable(error.reason)
            } catch {
                throw .unparsable("\(error)")
            }
        }
    }

    fileprivate func render(escaped context: [String: String]) throws(TemplateRejection) -> String {
        try compiled().render(escaped: context)
    }
}

extension MessageTemplate {
    /// The length of the text with every required variable empty: a lower bound for any recipient,
    /// so a template whose own text is over Telegram's limit is refused when it is written.
    var minimumRenderedLength: Int {
        let empty = Dictionary(uniqueKeysWithValues: requiredVariables.map { ($0, "") })
        return (try? render(escaped: empty))?.utf16.count ?? 0
    }
}
