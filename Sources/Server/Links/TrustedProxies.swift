/// The proxies whose forwarding headers the redirect believes (`HERALD_TRUSTED_PROXIES`).
public struct TrustedProxies: Sendable, Hashable {
    public let networks: [IPNetwork]

    /// None: the TCP peer is the client, whatever headers say.
    public static let none = TrustedProxies(networks: [])

    public init(networks: [IPNetwork]) {
        self.networks = networks
    }

    /// Comma-separated addresses and CIDR blocks (`10.0.0.0/8, 192.0.2.7, ::1`); empty means none.
    /// Anything else is refused naming the entry, so a typo stops startup instead of trusting
    /// the wrong hop.
    public init(parsing text: String) throws(TrustedProxiesRejection) {
        guard !text.allSatisfy(\.isWhitespace) else {
            self = .none
            return
        }
        var networks: [IPNetwork] = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = entry.trimmingWhitespace()
            guard !trimmed.isEmpty else { throw .emptyEntry }
            networks.append(try IPNetwork(parsing: trimmed))
        }
        self.networks = networks
    }

    public func contains(_ address: IPAddress) -> Bool { networks.contains { $0.contains(address) } }
}

/// Why `HERALD_TRUSTED_PROXIES` cannot be read.
public struct TrustedProxiesRejection: Error, Equatable, CustomStringConvertible {
    public let description: String

    static func notAnAddress(_ entry: String) -> TrustedProxiesRejection {
        TrustedProxiesRejection(
            description: "HERALD_TRUSTED_PROXIES: \(entry) is not an IP address or CIDR block such as 10.0.0.0/8")
    }
    static func badPrefix(_ entry: String) -> TrustedProxiesRejection {
        TrustedProxiesRejection(
            description: "HERALD_TRUSTED_PROXIES: \(entry) has a prefix length that is not 0–32 (IPv4) or 0–128 (IPv6)")
    }
    static func hostBits(_ entry: String) -> TrustedProxiesRejection {
        TrustedProxiesRejection(
            description: "HERALD_TRUSTED_PROXIES: \(entry) has bits set past its prefix length; name the network")
    }
    static let emptyEntry = TrustedProxiesRejection(
        description: "HERALD_TRUSTED_PROXIES has an empty entry; separate addresses and blocks with single commas")
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var text = self
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
