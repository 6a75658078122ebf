import Server
import Testing

/// The webhook's secret check: equal secrets match, anything else — a prefix, an extension, one
/// character changed, another case, nothing — does not.
@Suite struct SecretComparisonTests {
    @Test func onlyTheSameSecretMatches() {
        let secret = "s3cret_token-ABC"
        #expect(SecretComparison.matches(secret, secret))
        for other in ["s3cret_token-AB", "s3cret_token-ABCD", "s3cret_token-ABD", "S3CRET_TOKEN-ABC", "", " "] {
            #expect(!SecretComparison.matches(other, secret), "\(other)")
        }
        #expect(!SecretComparison.matches(nil, secret))
        #expect(!SecretComparison.matches(nil, ""), "a missing header never matches, even an empty secret")
    }
}
