public import Foundation
import Broadcasting

/// What a tracked link names: one recipient's press of one button in one broadcast.
///
/// The button is its index in the template at the revision the broadcast pinned; the redirect
/// looks the button's name and URL up there, so the token stays short whatever the URL.
public struct LinkClaim: Sendable, Hashable {
    public var broadcastID: UUID
    public var userID: Int64
    public var button: UInt8

    public init(broadcastID: UUID, userID: Int64, button: UInt8) {
        self.broadcastID = broadcastID
        self.userID = userID
        self.button = button
    }
}

/// The `<token>` of a tracked link `HERALD_PUBLIC_URL/c/<token>`: a claim and its signature.
///
/// 39 bytes, written as 52 characters of unpadded base64url: a format byte, the broadcast's UUID
/// (16), the user id (8, big-endian), the button index (1) and the first 13 bytes of an
/// HMAC-SHA256 over the 26 bytes before it. 39 is a multiple of 3, so every character carries six
/// bits of the token and none carries padding bits: changing any character changes the bytes.
/// 104 bits of tag leave forging a link to guessing.
public enum LinkToken {
    static let format: UInt8 = 1
    static let claimBytes = 26
    static let tagBytes = 13
    /// The token's length in characters.
    public static let length = (claimBytes + tagBytes) / 3 * 4

    /// The token for `claim`, signed with `key`.
    public static func encode(_ claim: LinkClaim, key: LinkKey) -> String {
        var bytes = payload(claim)
        bytes.append(contentsOf: key.tag(bytes).prefix(tagBytes))
        return Base64URL.encode(bytes)
    }

    /// The claim `token` carries when `key` signed it; nil for anything else (a wrong length or
    /// alphabet, an unknown format, a tag that does not match). The tag is compared in constant
    /// time, so the answer's timing says nothing about how much of a forged tag was right.
    public static func verify(_ token: some StringProtocol, key: LinkKey) -> LinkClaim? {
        guard token.utf8.count == length, let bytes = Base64URL.decode(token), bytes.count == claimBytes + tagBytes
        else { return nil }
        let claimed = Array(bytes[..<claimBytes])
        let expected = key.tag(claimed)
        var difference: UInt8 = 0
        for index in 0..<tagBytes { difference |= expected[index] ^ bytes[claimBytes + index] }
        guard difference == 0, claimed[0] == format else { return nil }
        return claim(claimed)
    }

    static func payload(_ claim: LinkClaim) -> [UInt8] {
        var bytes: [UInt8] = [format]
        bytes.reserveCapacity(claimBytes + tagBytes)
        withUnsafeBytes(of: claim.broadcastID.uuid) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(bitPattern: claim.userID).bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(claim.button)
        return bytes
    }

    private static func claim(_ bytes: [UInt8]) -> LinkClaim {
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { $0.copyBytes(from: bytes[1..<17]) }
        let user = bytes[17..<25].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return LinkClaim(broadcastID: UUID(uuid: uuid), userID: Int64(bitPattern: user), button: bytes[25])
    }
}
