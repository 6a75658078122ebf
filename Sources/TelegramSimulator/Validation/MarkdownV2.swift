/// Parses MarkdownV2 the way Telegram does, to refuse what Telegram refuses.
///
/// Returns the length of the visible text (what the 4096 limit counts) or Telegram's error text.
enum MarkdownV2 {
    private static let reserved: Set<Character> = [
        "_", "*", "[", "]", "(", ")", "~", "`", ">", "#", "+", "-", "=", "|", "{", "}", ".", "!",
    ]

    private enum Entity: String {
        case bold = "Bold", italic = "Italic", underline = "Underline", strikethrough = "Strikethrough"
        case spoiler = "Spoiler", textURL = "TextUrl"
    }

    /// Visible UTF-16 length of `text`, or an error description such as Telegram's
    /// `Character '.' is reserved and must be escaped with the preceding '\'`.
    static func visibleLength(of text: String) -> Result<Int, ParseError> {
        let chars = Array(text)
        var open: [(Entity, Int)] = []
        var length = 0
        var index = 0
        var atLineStart = true
        func offset(_ i: Int) -> Int { String(chars[..<i]).utf8.count }
        while index < chars.count {
            let char = chars[index]
            defer { atLineStart = char == "\n" }
            switch char {
            case "\\":
                guard index + 1 < chars.count else { return .failure(.reserved("\\")) }
                length += String(chars[index + 1]).utf16.count
                index += 2
                continue
            case "`":
                let isPre = index + 2 < chars.count && chars[index + 1] == "`" && chars[index + 2] == "`"
                let fence = isPre ? 3 : 1
                guard let (end, visible) = codeEnd(chars, from: index + fence, pre: isPre) else {
                    return .failure(.unclosed(isPre ? "Pre" : "Code", offset(index)))
                }
                length += visible
                index = end
                continue
            case "*": toggle(.bold, &open, offset(index))
            case "~": toggle(.strikethrough, &open, offset(index))
            case "_":
                if index + 1 < chars.count && chars[index + 1] == "_" {
                    toggle(.underline, &open, offset(index))
                    index += 1
                } else {
                    toggle(.italic, &open, offset(index))
                }
            case "|":
                guard index + 1 < chars.count && chars[index + 1] == "|" else { return .failure(.reserved("|")) }
                toggle(.spoiler, &open, offset(index))
                index += 1
            case "[": open.append((.textURL, offset(index)))
            case "]":
                guard open.last?.0 == .textURL else { return .failure(.reserved("]")) }
                open.removeLast()
                guard index + 1 < chars.count, chars[index + 1] == "(" else {
                    return .failure(.message("Can't find end of a URL at byte offset \(offset(index))"))
                }
                guard let end = urlEnd(chars, from: index + 2) else {
                    return .failure(.message("Can't find end of a URL at byte offset \(offset(index))"))
                }
                index = end
                continue
            case ">" where atLineStart: break
            default:
                if reserved.contains(char) { return .failure(.reserved(char)) }
                length += String(char).utf16.count
            }
            index += 1
        }
        if let (entity, at) = open.first {
            return .failure(.unclosed(entity.rawValue, at))
        }
        return .success(length)
    }

    private static func toggle(_ entity: Entity, _ open: inout [(Entity, Int)], _ at: Int) {
        if let position = open.lastIndex(where: { $0.0 == entity }) {
            open.removeSubrange(position...)
        } else {
            open.append((entity, at))
        }
    }

    /// Index after the closing fence and the visible length; inside code only ` and \ are special.
    private static func codeEnd(_ chars: [Character], from start: Int, pre: Bool) -> (Int, Int)? {
        var index = start
        // A pre block's first line, when it is a bare word, names the language and is not shown.
        if pre, let newline = chars[start...].firstIndex(of: "\n"),
            chars[start..<newline].allSatisfy({ !$0.isWhitespace && $0 != "`" })
        {
            index = newline + 1
        }
        var visible = 0
        while index < chars.count {
            if chars[index] == "\\" && index + 1 < chars.count {
                visible += String(chars[index + 1]).utf16.count
                index += 2
            } else if chars[index] == "`" {
                if !pre { return (index + 1, visible) }
                if index + 2 < chars.count && chars[index + 1] == "`" && chars[index + 2] == "`" {
                    return (index + 3, visible)
                }
                return nil
            } else {
                visible += String(chars[index]).utf16.count
                index += 1
            }
        }
        return nil
    }

    /// Index after the `)` that ends a link's URL; inside it only ) and \ are special.
    private static func urlEnd(_ chars: [Character], from start: Int) -> Int? {
        var index = start
        while index < chars.count {
            if chars[index] == "\\" {
                index += 2
            } else if chars[index] == ")" {
                return index + 1
            } else {
                index += 1
            }
        }
        return nil
    }

    /// Why Telegram could not parse the entities; `description` is Telegram's wording.
    enum ParseError: Error, Equatable, CustomStringConvertible {
        case reserved(Character)
        case unclosed(String, Int)
        case message(String)

        var description: String {
            switch self {
            case .reserved(let char): "Character '\(char)' is reserved and must be escaped with the preceding '\\'"
            case .unclosed(let name, let at): "Can't find end of \(name) entity at byte offset \(at)"
            case .message(let text): text
            }
        }
    }
}
