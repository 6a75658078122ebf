import Telegram

/// What makes two deliveries to a chat the same message, for duplicate counting.
///
/// Herald's messages carry their broadcast in each callback button (`c:<22-character base64url
/// broadcast id>:<button>`), so a chat that receives a broadcast twice is a duplicate even when the
/// text was re-rendered, and two broadcasts that read alike are not. A message without such a button
/// (a rotation post, a hand-written test message) falls back to its text.
///
/// Only a 64-bit digest of (chat, key) is kept: a million deliveries cost about 16 MB of hash set
/// instead of a million strings. Two different keys collide with odds of about n²/2⁶⁵, around 3·10⁻⁸
/// for a million.
enum DeliveryKey {
    static func digest(chat: Int64, text: String, markup: InlineKeyboardMarkup?) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(chat)
        if let broadcast = broadcastID(markup) {
            hasher.combine(0 as UInt8)
            hasher.combine(broadcast)
        } else {
            hasher.combine(1 as UInt8)
            hasher.combine(text)
        }
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }

    /// The short broadcast id of the first Herald callback button, if any.
    static func broadcastID(_ markup: InlineKeyboardMarkup?) -> Substring? {
        for row in markup?.inlineKeyboard ?? [] {
            for button in row {
                if let data = button.callbackData, let id = heraldBroadcastID(data) { return id }
            }
        }
        return nil
    }

    /// `c:<22 base64url characters>:…` → the 22 characters.
    private static func heraldBroadcastID(_ data: String) -> Substring? {
        let parts = data.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "c", parts[1].utf8.count == 22,
            parts[1].utf8.allSatisfy(isBase64URL)
        else { return nil }
        return parts[1]
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}
