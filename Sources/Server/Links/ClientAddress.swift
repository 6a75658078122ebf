/// Who opened a link: the TCP peer, unless the peer is a trusted proxy, in which case the
/// right-most address in its forwarding header that is not itself a trusted proxy.
///
/// Each proxy appends the address it received the request from, so reading right to left every
/// entry up to the first untrusted one was written by a proxy Herald trusts; entries left of that
/// were written by the client and may say anything. `Forwarded` (RFC 7239) is read when present,
/// else `X-Forwarded-For`. An entry that is not an address (`unknown`, an obfuscated name, junk)
/// ends the walk at the last address that was read.
public enum ClientAddress {
    public static func resolve(
        peer: IPAddress?, forwarded: [String], forwardedFor: [String], trusted: TrustedProxies
    ) -> IPAddress? {
        guard let peer, trusted.contains(peer) else { return peer }
        let hops = forwarded.isEmpty ? Self.forwardedFor(forwardedFor) : Self.forwarded(forwarded)
        var client = peer
        for hop in hops.reversed() {
            guard let address = hop else { break }
            client = address
            if !trusted.contains(address) { break }
        }
        return client
    }

    /// The hops of `X-Forwarded-For` lines, left to right.
    static func forwardedFor(_ lines: [String]) -> [IPAddress?] {
        lines.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }.map {
            address(in: $0.trimmingWhitespace())
        }
    }

    /// The `for=` of each element of `Forwarded` lines, left to right.
    static func forwarded(_ lines: [String]) -> [IPAddress?] {
        lines.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }.map { element in
            for pair in element.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingWhitespace().lowercased() == "for" else { continue }
                var value = parts[1].trimmingWhitespace()
                if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
                return address(in: value)
            }
            return nil
        }
    }

    /// An address as proxies write it: bare, `[v6]`, `[v6]:port` or `v4:port`.
    static func address(in text: Substring) -> IPAddress? {
        if text.first == "[" {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || (rest.first == ":" && rest.dropFirst().allSatisfy { $0.isASCII && $0.isNumber })
            else { return nil }
            return IPAddress(text[text.index(after: text.startIndex)..<close])
        }
        if let address = IPAddress(text) { return address }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
            let address = IPAddress(parts[0]), address.isIPv4
        else { return nil }
        return address
    }
}
