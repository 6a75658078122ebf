/// The admin API's bearer token (`HERALD_API_TOKEN`). Never printed: `description` is redacted.
public struct APIToken: Sendable, CustomStringConvertible {
    private let secret: String

    /// Nil for a value that cannot travel in an `Authorization` header (empty, whitespace,
    /// control or non-ASCII characters).
    public init?(_ secret: String) {
        guard !secret.isEmpty, secret.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        self.secret = secret
    }

    public var description: String { "APIToken(redacted)" }

    /// Whether `header` is `Bearer <this token>`, compared in time that depends on neither the
    /// token nor the guess (`SecretComparison`, as the webhook's secret is).
    func authorizes(_ header: String?) -> Bool {
        guard let header, header.utf8.count > 7, header.prefix(7).lowercased() == "bearer " else {
            return SecretComparison.matches(nil, secret)
        }
        return SecretComparison.matches(String(header.dropFirst(7)), secret)
    }
}
