import Telegram

/// The checks Telegram applies to a `sendMessage` before delivering it, with its error texts.
enum MessageRules {
    static let maxLength = 4096
    static let maxCallbackDataBytes = 64

    /// Nil when the message is acceptable, else Telegram's 400 description.
    static func refusal(text: String?, parseMode: String?, markup: InlineKeyboardMarkup?, markupPresent: Bool)
        -> String?
    {
        guard let text, !text.isEmpty else { return "Bad Request: message text is empty" }
        let length: Int
        if parseMode == "MarkdownV2" {
            switch MarkdownV2.visibleLength(of: text) {
            case .success(let visible): length = visible
            case .failure(let error): return "Bad Request: can't parse entities: \(error)"
            }
        } else {
            length = text.utf16.count
        }
        if length == 0 { return "Bad Request: text must be non-empty" }
        if length > maxLength { return "Bad Request: message is too long" }
        if markupPresent && markup == nil { return "Bad Request: can't parse reply keyboard markup JSON object" }
        for button in markup?.inlineKeyboard.flatMap({ $0 }) ?? [] {
            if let refusal = refusal(button) { return refusal }
        }
        return nil
    }

    private static func refusal(_ button: InlineKeyboardButton) -> String? {
        let actions = [button.url != nil, button.callbackData != nil].filter { $0 }.count
        if actions == 0 {
            return "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        }
        if actions > 1 {
            return "Bad Request: can't parse inline keyboard button: exactly one of the optional fields must be used"
        }
        if let data = button.callbackData, data.utf8.isEmpty || data.utf8.count > maxCallbackDataBytes {
            return "Bad Request: BUTTON_DATA_INVALID"
        }
        if let url = button.url, !(url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("tg://")) {
            return "Bad Request: BUTTON_URL_INVALID"
        }
        return nil
    }
}
