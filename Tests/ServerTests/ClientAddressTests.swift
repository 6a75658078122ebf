import Testing

@testable import Server

/// `HERALD_TRUSTED_PROXIES` is read strictly, and forwarding headers count only from trusted peers.
@Suite(.timeLimit(.minutes(1))) struct ClientAddressTests {
    func ip(_ text: String) throws -> IPAddress { try #require(IPAddress(text)) }

    @Test func trustedProxiesParseAddressesAndBlocks() throws {
        let proxies = try TrustedProxies(parsing: " 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,::1")
        #expect(proxies.networks.map(\.description) == ["10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "::1/128"])
        #expect(proxies.contains(try ip("10.200.3.4")))
        #expect(!proxies.contains(try ip("11.0.0.1")))
        #expect(proxies.contains(try ip("192.0.2.7")))
        #expect(!proxies.contains(try ip("192.0.2.8")))
        #expect(proxies.contains(try ip("2001:db8:ffff::1")))
        #expect(!proxies.contains(try ip("2001:db9::1")))
        #expect(proxies.contains(try ip("::ffff:10.1.1.1")), "an IPv4-mapped peer is its IPv4 address")
        #expect(try TrustedProxies(parsing: "").networks.isEmpty)
        #expect(try TrustedProxies(parsing: "0.0.0.0/0").contains(try ip("203.0.113.9")))
    }

    @Test func badTrustedProxiesAreRefusedNamingTheEntry() {
        for bad in [
            "10.0.0.0/33", "10.0.0.1/8", "10.0.0/8", "010.0.0.1", "10.0.0.0/", "10.0.0.0/+8", "example.com",
            "10.0.0.1,", "10.0.0.1,,10.0.0.2", "::1/129", "1.2.3.4/08x", "fe80::1%eth0",
        ] {
            #expect(throws: TrustedProxiesRejection.self, "\(bad)") { try TrustedProxies(parsing: bad) }
        }
        do {
            _ = try TrustedProxies(parsing: "10.0.0.0/8, 10.0.0.1/8")
            Issue.record("accepted host bits")
        } catch {
            #expect(error.description.contains("10.0.0.1/8"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func anUntrustedPeerIsTheClientWhateverItForwards() throws {
        let trusted = try TrustedProxies(parsing: "10.0.0.0/8")
        let client = ClientAddress.resolve(
            peer: try ip("203.0.113.5"), forwarded: ["for=198.51.100.1"], forwardedFor: ["198.51.100.2"],
            trusted: trusted)
        #expect(client == (try ip("203.0.113.5")))
    }

    @Test func aTrustedPeerGivesTheRightMostUntrustedForwardedAddress() throws {
        let trusted = try TrustedProxies(parsing: "10.0.0.0/8")
        let peer = try ip("10.0.0.1")
        func resolve(_ forwardedFor: [String], forwarded: [String] = []) -> String? {
            ClientAddress.resolve(peer: peer, forwarded: forwarded, forwardedFor: forwardedFor, trusted: trusted)?
                .description
        }
        #expect(resolve(["1.1.1.1, 198.51.100.7, 10.0.0.9"]) == "198.51.100.7", "a spoofed left-most entry is ignored")
        #expect(resolve(["1.1.1.1", "198.51.100.7:5555"]) == "198.51.100.7", "lines join in order; ports are dropped")
        #expect(resolve([]) == "10.0.0.1", "no header: the peer")
        #expect(resolve(["10.0.0.3, 10.0.0.2"]) == "10.0.0.3", "all trusted: the left-most")
        #expect(resolve(["198.51.100.7, garbage"]) == "10.0.0.1", "junk ends the walk at the last address read")
        #expect(
            resolve(
                ["9.9.9.9"], forwarded: [#"for=192.0.2.60;proto=http, For="[2001:db8:cafe::17]:4711";by=10.0.0.1"#])
                == "2001:db8:cafe::17", "Forwarded wins over X-Forwarded-For")
        #expect(resolve([], forwarded: ["for=unknown"]) == "10.0.0.1")
    }
}
