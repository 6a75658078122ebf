/// The admin API's bearer token (`HERALD_API_TOKEN`). Never printed: `description` is redacted.
public struct APIToken: Sendable, CustomStringConvertible {
    private let bytes: [UInt8]

    /// Nil for a value that cannot travel in an `Authorization` header (empty, whitespace,
    /// control or non-ASCII characters).
    public init?(_ secret: String) {
        let bytes = Array(secret.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        self.bytes = bytes
    }

    public var description: String { "APIToken(redacted)" }

    /// Whether `header` is `Bearer <this token>`, in time that depends on the token's length only,
    /// never on how much of a guess matches.
    func authorizes(_ header: String?) -> Bool {
        guard let header, header.utf8.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
        let given = Array(header.utf8.dropFirst(7))
        var difference = UInt8(given.count == bytes.count ? 0 : 1)
        for index in bytes.indices {
            difference |= bytes[index] ^ (index < given.count ? given[index] : ~bytes[index])
        }
        return difference == 0
    }
}
