import Telegram

extension String {
    /// The text with every NUL replaced by U+FFFD, the replacement character.
    ///
    /// PostgreSQL's `text` and `jsonb` cannot hold a NUL, and Telegram's free text (a name, a
    /// `/start` payload, a typed message, callback data) can carry one: recorded as it came, such
    /// an update could never be stored, and Telegram would deliver it again forever.
    var storable: String {
        utf8.contains(0) ? replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : self
    }
}

extension User {
    /// The user with every free-text field `storable`.
    var storable: User {
        var user = self
        user.firstName = firstName.storable
        user.lastName = lastName?.storable
        user.username = username?.storable
        user.languageCode = languageCode?.storable
        return user
    }
}
