/// A small reader of MarkdownV2 normal text, written for the tests independently of `MarkdownV2`:
/// the literal text Telegram would show, or nil when the input has a character with meaning
/// (formatting, or a parse error) that is not escaped.
enum MarkdownV2Reader {
    static let special: Set<Character> = [
        "_", "*", "[", "]", "(", ")", "~", "`", ">", "#", "+", "-", "=", "|", "{", "}", ".", "!", "\\",
    ]

    static func literalText(_ markdown: String) -> String? {
        var text = ""
        var escaping = false
        for character in markdown {
            if escaping {
                text.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if special.contains(character) {
                return nil
            } else {
                text.append(character)
            }
        }
        return escaping ? nil : text
    }
}
