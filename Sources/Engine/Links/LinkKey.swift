import Crypto
public import EventStore
import Foundation
import Synchronization

/// The key tracked links are signed with (HMAC-SHA256).
///
/// It prints as `LinkKey(redacted)`, so a log line, an error or a dump never shows it.
public struct LinkKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The shortest `HERALD_LINK_KEY` accepted, in bytes of UTF-8.
    public static let minimumBytes = 32

    private let key: SymmetricKey

    /// A key of the secret's UTF-8 bytes; nil when it is shorter than `minimumBytes`.
    public init?(secret: String) {
        guard secret.utf8.count >= Self.minimumBytes else { return nil }
        key = SymmetricKey(data: Array(secret.utf8))
    }

    /// The full HMAC-SHA256 of `bytes`.
    func tag(_ bytes: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: bytes, using: key))
    }

    public var description: String { "LinkKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: []) }
}

/// Where `herald run` gets the link key: `HERALD_LINK_KEY` when set, else the one kept in
/// `herald.secrets` as `link-signing-key` (made by the first process that asks), so every process
/// on a database signs and checks with the same key.
///
/// The kept key is read when first needed, not at startup, so `herald run` starts while the
/// database is away; a failed read is tried again at the next need.
public final class LinkKeySource: Sendable {
    public static let keptName = "link-signing-key"

    private let secrets: KeptSecrets?
    private let resolved: Mutex<LinkKey?>

    /// The configured key.
    public init(_ key: LinkKey) {
        secrets = nil
        resolved = Mutex(key)
    }

    /// The key kept in `store`'s database.
    public init(keptIn store: EventStore) {
        secrets = KeptSecrets(store: store)
        resolved = Mutex(nil)
    }

    public func key() async throws -> LinkKey {
        if let key = resolved.withLock({ $0 }) { return key }
        guard let secrets else { throw KeyMissing() }
        // 32 random bytes are 43 characters, over `LinkKey.minimumBytes`.
        let secret = try await secrets.value(named: Self.keptName, bytes: 32)
        guard let key = LinkKey(secret: secret) else { throw KeyMissing() }
        resolved.withLock { $0 = key }
        return key
    }

    struct KeyMissing: Error, CustomStringConvertible {
        var description: String { "the kept link-signing key is too short" }
    }
}
