import Crypto
import EventStore
import Foundation

/// The one-line text form of a `LogAnchor`, signed with HMAC-SHA256 when a key is configured:
/// `herald-anchor v1 position=42 hash=<hex> hmac=<hex>`.
///
/// The key (`HERALD_AUDIT_KEY`) never reaches the database, so whoever can rewrite the log cannot
/// also mint an anchor that matches the rewrite.
struct AnchorLine {
    static let keyVariable = "HERALD_AUDIT_KEY"
    private static let prefix = "herald-anchor v1"

    let anchor: LogAnchor

    /// The line to store, signed when `key` is given.
    func text(key: String?) -> String {
        let body = Self.body(anchor)
        guard let key else { return body }
        return body + " hmac=" + Self.hex(Array(Self.code(body, key: key)))
    }

    /// Parses and authenticates a line: a signed line needs the key, and with a key every line
    /// must be signed (a stripped signature would otherwise pass).
    static func parse(_ line: String, key: String?) throws -> LogAnchor {
        let fields = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        guard fields.count >= 4, fields[0...1].joined(separator: " ") == prefix,
            let position = value("position", fields[2]).flatMap(Int64.init), position >= 0,
            let hash = value("hash", fields[3]).flatMap(bytes(hex:)), (position == 0) == hash.isEmpty
        else {
            throw CLIError("--anchor is not a line printed by `herald audit anchor`: \(line.prefix(80))")
        }
        let anchor = LogAnchor(position: position, hash: hash)
        let signature = fields.count == 5 ? value("hmac", fields[4]).flatMap(bytes(hex:)) : nil
        guard fields.count == 4 || signature != nil else {
            throw CLIError("--anchor is not a line printed by `herald audit anchor`: \(line.prefix(80))")
        }
        switch (signature, key) {
        case (nil, nil):
            return anchor
        case (nil, .some):
            throw CLIError("the anchor at position \(position) carries no HMAC, but \(keyVariable) is set")
        case (.some, nil):
            throw CLIError("the anchor at position \(position) carries an HMAC: set \(keyVariable) to check it")
        case (.some(let signature), .some(let key)):
            guard
                HMAC<SHA256>.isValidAuthenticationCode(
                    signature, authenticating: Data(body(anchor).utf8), using: SymmetricKey(data: Data(key.utf8)))
            else {
                throw CLIError(
                    "the anchor at position \(position) does not match its HMAC under \(keyVariable): altered, or made with another key"
                )
            }
            return anchor
        }
    }

    /// The key from the environment, nil when unset or empty.
    static var environmentKey: String? {
        ProcessInfo.processInfo.environment[keyVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func body(_ anchor: LogAnchor) -> String {
        "\(prefix) position=\(anchor.position) hash=\(hex(anchor.hash))"
    }

    private static func code(_ body: String, key: String) -> HashedAuthenticationCode<SHA256> {
        HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(key.utf8)))
    }

    private static func value(_ name: String, _ field: String) -> String? {
        field.hasPrefix(name + "=") ? String(field.dropFirst(name.count + 1)) : nil
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    private static func bytes(hex: String) -> [UInt8]? {
        guard hex.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
