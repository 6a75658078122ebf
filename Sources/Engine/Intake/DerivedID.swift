import Crypto
public import Foundation

/// Event ids derived from what Telegram sent, so that a redelivered update appends events whose
/// ids are stored already: the log returns their positions and records nothing new.
public enum DerivedID {
    /// A UUID (version 8, name-based) from the SHA-256 of `name`.
    public static func uuid(_ name: String) -> UUID {
        var bytes = Array(SHA256.hash(data: Data(("herald:" + name).utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    /// The id of the `index`th event an update of `bot` causes.
    public static func update(bot: Int64, updateID: Int, index: Int = 0) -> UUID {
        uuid("bot:\(bot):update:\(updateID):\(index)")
    }

    /// The id of the click a callback query records: the query id, not the update id, names it,
    /// so however Telegram redelivers the press it is one click.
    public static func callback(bot: Int64, queryID: String) -> UUID {
        uuid("bot:\(bot):callback:\(queryID)")
    }
}
