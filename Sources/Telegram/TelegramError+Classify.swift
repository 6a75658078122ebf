extension TelegramError {
    /// Classifies a Bot API error answer.
    static func classify(
        method: String,
        code: Int,
        description: String?,
        parameters: ResponseParameters?
    ) -> TelegramError {
        let text = description ?? "HTTP \(code)"
        let lower = text.lowercased()
        let kind: Kind
        var retryAfter: Int?
        if code == 429 || lower.contains("too many requests") {
            kind = .rateLimited
            retryAfter = max(parameters?.retryAfter ?? 1, 1)
        } else if parameters?.migrateToChatId != nil {
            kind = .chatMigrated
        } else if code >= 500 {
            kind = .transient
        } else if recipientGoneReasons.contains(where: lower.contains) {
            kind = .recipientGone
        } else if contentReasons.contains(where: lower.contains) {
            kind = .contentError
        } else {
            kind = .rejected
        }
        return TelegramError(
            kind: kind, method: method, code: code, reason: text, retryAfter: retryAfter,
            migratedTo: parameters?.migrateToChatId)
    }

    /// A request that never got an answer Telegram wrote: timeouts, refused connections, garbage.
    static func transport(method: String, reason: String, reach: Reach) -> TelegramError {
        TelegramError(kind: .transient, reach: reach, method: method, code: nil, reason: reason)
    }

    private static let recipientGoneReasons = [
        "bot was blocked by the user", "user is deactivated", "bot was kicked",
        "bot can't initiate conversation", "chat not found", "user not found",
    ]

    private static let contentReasons = [
        "can't parse entities", "message is too long", "message text is empty",
        "button_data_invalid", "text buttons are unallowed", "reply markup is too long",
        "button_url_invalid", "can't parse inline keyboard button",
    ]
}
