import Foundation
import PropertyBased
import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(2))) struct Base64URLTests {
    /// Any length of bytes encodes as Foundation's base64 does, made URL-safe and unpadded, and
    /// decodes back.
    @Test func agreesWithFoundationAndRoundTrips() async {
        await propertyCheck(input: Gen<UInt8>.value(in: 0...255).array(of: 0...40)) { bytes in
            let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == expected)
            #expect(Base64URL.decode(expected) == bytes)
        }
    }

    @Test func refusesWhatIsNotBase64URL() {
        for bad in ["ab+c", "ab/c", "ab=c", "abcde", "a", "ab c", "abé"] {
            #expect(Base64URL.decode(bad) == nil, "\(bad)")
        }
        #expect(Base64URL.decode("") == [])
    }
}
