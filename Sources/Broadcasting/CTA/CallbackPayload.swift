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

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    /// Each base64url character's 6 bits, 0xFF for a byte outside the alphabet.
    static let values: [UInt8] = {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { values[Int(character)] = UInt8(index) }
        return values
    }()

    /// The broadcast id in 22 characters of unpadded base64url.
    public static func shortID(_ id: UUID) -> String {
        withUnsafeBytes(of: id.uuid) { bytes in
            String(unsafeUninitializedCapacity: 22) { out in
                var written = 0
                var index = 0
                while index < 16 {
                    let b0 = UInt32(bytes[index])
                    let b1 = index + 1 < 16 ? UInt32(bytes[index + 1]) : 0
                    let b2 = index + 2 < 16 ? UInt32(bytes[index + 2]) : 0
                    let group = b0 << 16 | b1 << 8 | b2
                    let characters = min(4, 22 - written)
                    for k in 0..<characters {
                        out[written + k] = alphabet[Int((group >> (18 - 6 * UInt32(k))) & 0x3F)]
                    }
                    written += characters
                    index += 3
                }
                return written
            }
        }
    }

    /// The UUID of a 22-character base64url short id, or nil when it is not one.
    public static func uuid(shortID: Substring) -> UUID? {
        let utf8 = shortID.utf8
        guard utf8.count == 22 else { return nil }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let valid = withUnsafeMutableBytes(of: &uuid) { out -> Bool in
            var accumulator: UInt32 = 0
            var bits = 0
            var written = 0
            for character in utf8 {
                let value = values[Int(character)]
                guard value != 0xFF else { return false }
                accumulator = accumulator << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    if written < 16 { out[written] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)) }
                    written += 1
                    accumulator &= (1 << UInt32(bits)) - 1
                }
            }
            return written == 16
        }
        return valid ? UUID(uuid: uuid) : nil
    }
}
