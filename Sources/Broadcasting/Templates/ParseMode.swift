/// How Telegram reads a template's text (`parse_mode`), and so how recipient variables are
/// escaped: a value must reach the user as literal text whichever formatting the operator chose.
public enum ParseMode: String, Codable, Sendable, Hashable, CaseIterable {
    case markdownV2 = "MarkdownV2"
    case html = "HTML"
    /// No formatting: the text is sent as it is, without `parse_mode`.
    case plain

    /// `text` as literal text in this mode.
    public func escape(_ text: String) -> String {
        switch self {
        case .markdownV2: MarkdownV2.escape(text)
        case .html: HTML.escape(text)
        case .plain: text
        }
    }

    /// The `parse_mode` to send, nil for plain text.
    public var telegramValue: String? { self == .plain ? nil : rawValue }

    /// The mode named `name`, ignoring case (`markdownv2`, `html`, `plain`).
    public init?(named name: String) {
        guard let mode = Self.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
            return nil
        }
        self = mode
    }
}

/// Escaping for Telegram's HTML parse mode: `<`, `>` and `&` are the only characters with meaning
/// outside tags (TELEGRAM.md; Bot API "HTML style").
public enum HTML {
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
