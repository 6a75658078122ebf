public import Foundation

/// How the sender turns URL buttons into tracked links: `HERALD_PUBLIC_URL` and the key.
public struct TrackedLinks: Sendable {
    /// The public URL without a trailing slash; links are `<base>/c/<token>`.
    public let base: String
    public let keys: LinkKeySource

    /// Fails with a one-line reason for anything but an absolute http(s) URL with a host and no
    /// query or fragment.
    public init(publicURL: String, keys: LinkKeySource) throws(PublicURLRejection) {
        self.base = try Self.base(publicURL)
        self.keys = keys
    }

    /// The links' base for `publicURL` (without a trailing slash), or the reason it cannot be one.
    public static func base(_ publicURL: String) throws(PublicURLRejection) -> String {
        guard let url = URL(string: publicURL), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty, url.query == nil,
            url.fragment == nil, url.user == nil
        else { throw PublicURLRejection(value: publicURL) }
        var base = publicURL
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// Signs with one key, resolved once per broadcast plan.
    public func signer(_ key: LinkKey) -> LinkSigner { LinkSigner(prefix: base + "/c/", key: key) }
}

/// Makes each recipient's tracked link: one HMAC and a string.
public struct LinkSigner: Sendable {
    let prefix: String
    let key: LinkKey

    public func url(_ claim: LinkClaim) -> String { prefix + LinkToken.encode(claim, key: key) }
}

/// `HERALD_PUBLIC_URL` is not a URL Herald can put links under.
public struct PublicURLRejection: Error, CustomStringConvertible {
    let value: String

    public var description: String {
        // A URL with credentials in it is not echoed.
        let shown = value.contains("@") ? "…" : value
        return
            "HERALD_PUBLIC_URL=\(shown) is not an http(s) URL with a host and no query, such as https://bot.example.com"
    }
}
