import Broadcasting

/// Reads `--button` values: `Label|https://…` is a URL button, `Label|callback:VALUE` a callback
/// button whose name (the end of its callback payload) is VALUE, and `Label|callback:VALUE|Text`
/// one that also sends Text to the user at their first press.
enum ButtonFlag {
    static func parse(_ values: [String]) throws -> [TemplateButton] {
        try values.enumerated().map { index, value in try parse(value, index: index) }
    }

    static func parse(_ value: String, index: Int) throws -> TemplateButton {
        let parts = value.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let label = parts.first.map { String($0).trimmingWhitespace } ?? ""
        let target = parts.count == 2 ? String(parts[1]).trimmingWhitespace : ""
        if !label.isEmpty {
            if target.hasPrefix("callback:"), target.count > "callback:".count {
                // `callback:VALUE|reply text`: the message sent at a user's first press.
                let rest = target.dropFirst("callback:".count).split(separator: "|", maxSplits: 1)
                let reply = rest.count == 2 ? String(rest[1]).trimmingWhitespace : nil
                return TemplateButton(id: String(rest[0]).trimmingWhitespace, text: label, reply: reply)
            }
            let lowered = target.lowercased()
            if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") {
                return TemplateButton(id: slug(label, index: index), text: label, url: target)
            }
        }
        throw CLIError(
            "--button '\(value)' is neither 'Label|https://…' (a URL button) nor 'Label|callback:VALUE[|reply]' (a callback button)"
        )
    }

    /// A URL button's name, for its click stream: the label in lower-case ASCII words joined by `-`.
    static func slug(_ label: String, index: Int) -> String {
        let words = label.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        let slug = words.joined(separator: "-").prefix(32)
        return slug.isEmpty ? "link\(index + 1)" : String(slug)
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
