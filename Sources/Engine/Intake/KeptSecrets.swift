import Broadcasting
public import EventStore
import Foundation
import Postgres

/// Secrets Herald makes when the operator configured none (the webhook secret token, the
/// link-signing key), kept in `herald.secrets` so every `herald run` on the database shares them
/// and a restart keeps them. Values never reach a log line, an error or an event.
public struct KeptSecrets: Sendable {
    let store: EventStore

    public init(store: EventStore) {
        self.store = store
    }

    /// The secret called `name`: the configured value when there is one, else the kept one, else a
    /// new random one (`bytes` of randomness as unpadded base64url, 1–256 of `A-Za-z0-9_-` as
    /// Telegram's `secret_token` wants) stored for the next caller. Two processes asking at once
    /// get the same value: the first insert wins and both read it back.
    public func value(named name: String, configured: String? = nil, bytes: Int = 32) async throws -> String {
        if let configured, !configured.isEmpty { return configured }
        let candidate = Self.random(bytes: bytes)
        return try await store.pool.withConnection { connection in
            try await connection.transaction { session in
                try session.execute(
                    "INSERT INTO herald.secrets (name, value) VALUES (\(name), \(candidate)) ON CONFLICT (name) DO NOTHING"
                )
                let rows = try session.query("SELECT value FROM herald.secrets WHERE name = \(name)")
                guard let row = rows.first else { throw PostgresError.decoding("herald.secrets lost \(name)") }
                return try row.decode(String.self, at: 0)
            }
        }
    }

    /// `bytes` of system randomness as unpadded base64url.
    public static func random(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
