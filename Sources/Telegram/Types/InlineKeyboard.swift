/// Buttons under a message, as rows.
public struct InlineKeyboardMarkup: Codable, Sendable, Equatable {
    public var inlineKeyboard: [[InlineKeyboardButton]]

    public init(inlineKeyboard: [[InlineKeyboardButton]]) {
        self.inlineKeyboard = inlineKeyboard
    }
}

/// A button with a label and, per the API, exactly one action.
///
/// Both actions are optional fields so that an invalid button can still be built and sent:
/// the simulator's tests need to see Telegram refuse it.
public struct InlineKeyboardButton: Codable, Sendable, Equatable {
    public var text: String
    public var url: String?
    /// 1–64 bytes, returned in the `callback_query` when pressed.
    public var callbackData: String?

    public init(text: String, url: String? = nil, callbackData: String? = nil) {
        self.text = text
        self.url = url
        self.callbackData = callbackData
    }

    public static func callback(_ text: String, data: String) -> InlineKeyboardButton {
        InlineKeyboardButton(text: text, callbackData: data)
    }

    public static func link(_ text: String, url: String) -> InlineKeyboardButton {
        InlineKeyboardButton(text: text, url: url)
    }
}
