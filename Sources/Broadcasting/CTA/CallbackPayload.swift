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

    /// Reads a `callback_data` Herald wrote.
    public init(decoding payload: String) throws(CTARejection) {
        let parts = payload.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "c", let id = Self.uuid(shortID: parts[1]) else {
            throw .malformedPayload(payload)
        }
        try self.init(broadcastID: id, button: String(parts[2]))
    }

    /// The `callback_data` to send.
    public var encoded: String { "\(Self.prefix)\(Self.shortID(broadcastID)):\(button)" }

    /// The broadcast id in 22 characters of unpadded base64url.
    public static func shortID(_ id: UUID) -> String {
        let bytes = withUnsafeBytes(of: id.uuid) { Data($0) }
        return bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func uuid(shortID: Substring) -> UUID? {
        guard shortID.count == 22,
            shortID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        let base64 = shortID.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "=="
        guard let data = Data(base64Encoded: base64), data.count == 16 else { return nil }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { $0.copyBytes(from: data) }
        return UUID(uuid: uuid)
    }
}
