import Foundation

/// The `callback_data` of a callback button: `c:<short broadcast id>:<button>`.
///
/// The short id is the broadcast's UUID as 22 characters of unpadded base64url, so the payload is
/// self-contained (no lookup table) and leaves 39 bytes for the button name. Telegram limits
/// `callback_data` to 64 bytes of UTF-8, not characters, so a name in Cyrillic or emoji runs out
/// sooner; an over-long payload is rejected when the broadcast is created, not when Telegram
/// answers 400 mid-send.
public struct CallbackPayload: Sendable, Hashable {
    public static let maximumBytes = 64
    static let prefix = "c:"

    public let broadcastID: UUID
    public let button: String

    public init(broadcastID: UUID, button: String) throws(CTARejection) {
        guard !button.isEmpty else { throw .emptyButton }
        self.broadcastID = broadcastID
        self.button = button
        let bytes = encoded.utf8.count
        guard bytes <= Self.maximumBytes else { throw .payloadTooLong(bytes: bytes) }
    }

    /// Reads a `callback_data` Herald wrote. Its length is the payload's own (a short id always
    /// has 22 characters), so nothing is encoded again to check it.
    public init(decoding payload: String) throws(CTARejection) {
        let parts = payload.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "c", let id = Self.uuid(shortID: parts[1]) else {
            throw .malformedPayload(payload)
        }
        guard !parts[2].isEmpty else { throw .emptyButton }
        let bytes = payload.utf8.count
        guard bytes <= Self.maximumBytes else { throw .payloadTooLong(bytes: bytes) }
        self.broadcastID = id
        self.button = String(parts[2])
    }

    /// The `callback_data` to send.
    public var encoded: String { "\(Self.prefix)\(Self.shortID(broadcastID)):\(button)" }

    /// The broadcast id in 22 characters of unpadded base64url.
    public static func shortID(_ id: UUID) -> String {
        withUnsafeBytes(of: id.uuid) { Base64URL.encode($0) }
    }

    /// The UUID of a 22-character base64url short id, or nil when it is not one.
    public static func uuid(shortID: Substring) -> UUID? {
        guard shortID.utf8.count == 22, let bytes = Base64URL.decode(shortID), bytes.count == 16 else { return nil }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { $0.copyBytes(from: bytes) }
        return UUID(uuid: uuid)
    }
}
