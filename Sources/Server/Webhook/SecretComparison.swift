import Crypto
import Foundation

/// Compares a presented secret with the expected one in time that depends on neither its content
/// nor its length: both are hashed to 32 bytes and every byte is compared, without an early exit.
public enum SecretComparison {
    public static func matches(_ presented: String?, _ expected: String) -> Bool {
        let a = SHA256.hash(data: Data((presented ?? "").utf8))
        let b = SHA256.hash(data: Data(expected.utf8))
        var difference: UInt8 = presented == nil ? 1 : 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
