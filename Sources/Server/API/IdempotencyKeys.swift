import Foundation
import Postgres

/// The answers given to requests that carried an `Idempotency-Key` (`herald.idempotency_keys`).
///
/// The first request with a key claims it, runs, and stores its answer; a retry with the same
/// method, path and body gets that answer and runs nothing. A claim whose request never finished
/// (the process died) is taken over after `abandonedAfter`; keys are forgotten after a day.
struct IdempotencyKeys: Sendable {
    let pool: ConnectionPool
    var abandonedAfter: Duration = .seconds(300)

    enum Claim: Sendable {
        /// This request runs; call `finish` or `release` with what it did.
        case claimed
        /// An earlier request with the key answered this.
        case replay(status: Int, body: Data)
        /// An earlier request with the key is still running.
        case inProgress
        /// The key came with a different request.
        case reused
    }

    /// 1 to 255 visible ASCII characters, as a header carries them.
    static func isValid(_ key: String) -> Bool {
        (1...255).contains(key.utf8.count) && key.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    func claim(_ key: String, request fingerprint: String) async throws -> Claim {
        let abandoned = Int(abandonedAfter.components.seconds)
        return try await pool.withConnection { connection in
            try await connection.execute(
                "DELETE FROM herald.idempotency_keys WHERE created_at < now() - interval '1 day'")
            let claimed = try await connection.query(
                """
                INSERT INTO herald.idempotency_keys AS k (key, fingerprint)
                VALUES (\(key), sha256(convert_to(\(fingerprint), 'UTF8')))
                ON CONFLICT (key) DO UPDATE SET created_at = now()
                    WHERE k.status IS NULL AND k.created_at < now() - make_interval(secs => \(abandoned))
                        AND k.fingerprint = excluded.fingerprint
                RETURNING 1
                """)
            if !claimed.isEmpty { return .claimed }
            let rows = try await connection.query(
                """
                SELECT fingerprint = sha256(convert_to(\(fingerprint), 'UTF8')), status, body
                FROM herald.idempotency_keys WHERE key = \(key)
                """)
            guard let row = rows.first else { return .inProgress }  // forgotten this instant: retry later
            guard try row.decode(Bool.self, at: 0) else { return .reused }
            guard let status = try row.decodeIfPresent(Int.self, at: 1) else { return .inProgress }
            return .replay(status: status, body: Data((try row.decodeIfPresent(String.self, at: 2) ?? "").utf8))
        }
    }

    /// Stores the answer a claimed request gave.
    func finish(_ key: String, status: Int, body: Data) async throws {
        _ = try await pool.withConnection { connection in
            try await connection.execute(
                """
                UPDATE herald.idempotency_keys SET status = \(status), body = \(String(decoding: body, as: UTF8.self))
                WHERE key = \(key)
                """)
        }
    }

    /// Gives the key up, so that a retry runs again (the request failed on the server's side).
    func release(_ key: String) async throws {
        _ = try await pool.withConnection { connection in
            try await connection.execute("DELETE FROM herald.idempotency_keys WHERE key = \(key) AND status IS NULL")
        }
    }
}
