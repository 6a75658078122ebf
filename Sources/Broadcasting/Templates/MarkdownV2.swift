/// Escaping for Telegram's MarkdownV2 parse mode (TELEGRAM.md).
///
/// Text a recipient or an attribute supplies must reach the user as literal text: an unescaped
/// special character either changes the formatting or makes Telegram refuse the whole message
/// (`400 can't parse entities`). Each function escapes for one context, because the rules differ.
public enum MarkdownV2 {
    /// The characters with meaning in normal MarkdownV2 text.
    public static let specialCharacters: Set<Character> = [
        "_", "*", "[", "]", "(", ")", "~", "`", ">", "#", "+", "-", "=", "|", "{", "}", ".", "!", "\\",
    ]

    /// `text` as literal normal text: every special character preceded by `\`.
    public static func escape(_ text: String) -> String {
        escaping(text, specialCharacters)
    }

    /// `text` as the content of an inline `code` or a `pre` block: only `` ` `` and `\` are special.
    public static func escapeCode(_ text: String) -> String {
        escaping(text, ["`", "\\"])
    }

    /// `url` as the `(...)` part of an inline link: only `)` and `\` are special.
    public static func escapeLinkURL(_ url: String) -> String {
        escaping(url, [")", "\\"])
    }

    private static func escaping(_ text: String, _ special: Set<Character>) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            if special.contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
