import Broadcasting
import Foundation
import PropertyBased
import Testing

@testable import Engine

@Suite(.timeLimit(.minutes(2))) struct LinkTokenTests {
    static let key = LinkKey(secret: String(repeating: "k", count: 32))
    let broadcast = UUID(uuid: (0xFF, 0xFE, 0xFD, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0xFB))

    static let claims = zip(
        Gen<UInt8>.value(in: 0...255).array(of: 16), Gen.int64(), Gen.uint8()
    ).map { bytes, user, button in
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { $0.copyBytes(from: bytes) }
        return LinkClaim(broadcastID: UUID(uuid: uuid), userID: user, button: button)
    }

    @Test func aTokenIs52URLSafeCharactersAndReadsBackItsClaim() throws {
        let key = try #require(Self.key)
        let claim = LinkClaim(broadcastID: broadcast, userID: 7_000_000_001, button: 2)
        let token = LinkToken.encode(claim, key: key)
        #expect(token.count == 52)
        #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        #expect(LinkToken.verify(token, key: key) == claim)
        #expect(LinkToken.encode(claim, key: key) == token, "one claim, one token")
    }

    @Test func anyClaimRoundTrips() async throws {
        let key = try #require(Self.key)
        await propertyCheck(input: Self.claims) { claim in
            #expect(LinkToken.verify(LinkToken.encode(claim, key: key), key: key) == claim)
        }
    }

    /// Any byte of the token changed in any way, and the token no longer verifies.
    @Test func anyFlippedByteFailsVerification() async throws {
        let key = try #require(Self.key)
        await propertyCheck(input: Self.claims, Gen.int(in: 0...38), Gen.uint8(in: 1...255)) { claim, index, mask in
            var bytes = try #require(Base64URL.decode(LinkToken.encode(claim, key: key)))
            bytes[index] ^= mask
            #expect(LinkToken.verify(Base64URL.encode(bytes), key: key) == nil, "byte \(index) ^ \(mask)")
        }
    }

    /// Any character replaced by another of the alphabet, and the token no longer verifies.
    @Test func anyChangedCharacterFailsVerification() async throws {
        let key = try #require(Self.key)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        await propertyCheck(input: Self.claims, Gen.int(in: 0...51), Gen.int(in: 1...63)) { claim, index, shift in
            var characters = Array(LinkToken.encode(claim, key: key))
            let at = try #require(alphabet.firstIndex(of: characters[index]))
            characters[index] = alphabet[(at + shift) % 64]
            #expect(LinkToken.verify(String(characters), key: key) == nil, "character \(index)")
        }
    }

    @Test func anotherKeysTokenFails() throws {
        let key = try #require(Self.key)
        let other = try #require(LinkKey(secret: String(repeating: "j", count: 32)))
        let token = LinkToken.encode(LinkClaim(broadcastID: broadcast, userID: 1, button: 0), key: other)
        #expect(LinkToken.verify(token, key: key) == nil)
    }

    @Test func malformedTokensFail() throws {
        let key = try #require(Self.key)
        let token = LinkToken.encode(LinkClaim(broadcastID: broadcast, userID: 1, button: 0), key: key)
        for bad in [
            "", "abc", String(token.dropLast()), token + "A", token + "AAAA", "=" + token.dropFirst(),
            token.replacingOccurrences(of: token.prefix(1), with: "+"), String(repeating: "A", count: 52),
        ] {
            #expect(LinkToken.verify(bad, key: key) == nil, "\(bad)")
        }
    }

    @Test func aShortKeyIsRefusedAndNoKeyPrintsItself() throws {
        #expect(LinkKey(secret: String(repeating: "k", count: 31)) == nil)
        let secret = "a-secret-that-must-never-be-printed-anywhere"
        let key = try #require(LinkKey(secret: secret))
        for text in [
            "\(key)", String(reflecting: key),
            {
                var s = ""; dump(key, to: &s); return s
            }(),
        ] {
            #expect(!text.contains(secret))
            #expect(!text.contains("never"))
        }
    }
}
