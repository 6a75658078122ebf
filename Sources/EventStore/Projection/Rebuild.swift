import Foundation
public import Postgres

/// How far a rebuild has come, for progress displays.
public struct RebuildProgress: Sendable {
    public var projector: String
    /// The position folded so far, and the head when last looked at.
    public var position: Int64
    public var head: Int64
    public var elapsed: Duration

    /// Log positions folded per second so far.
    public var eventsPerSecond: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(position) / seconds : 0
    }

    /// Time left at the current rate, or nil before there is a rate.
    public var remaining: Duration? {
        let rate = eventsPerSecond
        guard rate > 0 else { return nil }
        return .milliseconds(Int64(Double(max(head - position, 0)) / rate * 1000))
    }
}

/// Rebuilds a projector's read model from position 0 into fresh tables and swaps them in.
///
/// The fresh tables grow in `rm_<name>__next` while readers keep using `rm_<name>`; the swap
/// (drop the old schema, rename the new one, set the checkpoint) is one transaction that first
/// takes the checkpoint row, so it never interleaves with a live runner's batch, and catches up
/// with the events appended during the rebuild before it commits.
public struct Rebuild: Sendable {
    public let projector: any Projector
    public let batchSize: Int

    public init(projector: any Projector, batchSize: Int = 5000) {
        self.projector = projector
        self.batchSize = max(1, batchSize)
    }

    /// Runs the rebuild on `connection`; `progress` is called after every batch.
    ///
    /// Rebuilds of one projector take turns (a session advisory lock), since each fills the same
    /// `rm_<name>__next`.
    @discardableResult
    public func run(on connection: Connection, progress: @escaping @Sendable (RebuildProgress) -> Void = { _ in })
        async throws -> RebuildProgress
    {
        try await takingTurns(on: connection) {
            try refuseNewer(try await storedVersion(on: connection))
            return try await rebuild(on: connection, progress: progress)
        }
    }

    /// Rebuilds unless, once its turn comes, another rebuild has brought the stored version up to
    /// the projector's (a runner and a CLI read that both found a new projector); nil when it did
    /// nothing. A stored version newer than the projector's is refused, not rebuilt over.
    @discardableResult
    public func runUnlessCurrent(on connection: Connection) async throws -> RebuildProgress? {
        try await takingTurns(on: connection) {
            let stored = try await storedVersion(on: connection)
            try refuseNewer(stored)
            return stored == projector.version ? nil : try await rebuild(on: connection, progress: { _ in })
        }
    }

    /// Versions only move forward: an older binary (a rolling deploy) never replaces a newer model.
    private func refuseNewer(_ stored: Int?) throws {
        if let stored, stored > projector.version {
            throw ProjectionError.newerVersionStored(projector, stored: stored)
        }
    }

    private func takingTurns<T>(on connection: Connection, _ body: () async throws -> T) async throws -> T {
        guard projector.isValidName else { throw ProjectionError.invalidName(projector.name) }
        let name = projector.name
        try await connection.execute("SELECT pg_advisory_lock(\(Self.lockClass), hashtext(\(name)))")
        do {
            let result = try await body()
            try await connection.execute("SELECT pg_advisory_unlock(\(Self.lockClass), hashtext(\(name)))")
            return result
        } catch {
            // A lost connection has released the lock already; otherwise give the turn back.
            _ = try? await connection.execute("SELECT pg_advisory_unlock(\(Self.lockClass), hashtext(\(name)))")
            throw error
        }
    }

    /// The first key of the advisory locks that make rebuilds of a projector take turns ("HRLE").
    static let lockClass: Int32 = 0x4852_4C45

    func storedVersion(on connection: Connection) async throws -> Int? {
        try await connection.query("SELECT version FROM herald.projections WHERE name = \(projector.name)").first.map {
            try $0.decode(Int.self, at: 0)
        }
    }

    private func rebuild(on connection: Connection, progress: @escaping @Sendable (RebuildProgress) -> Void)
        async throws -> RebuildProgress
    {
        let projector = projector
        let batchSize = batchSize
        let live = projector.schema
        let next = live + "__next"
        let started = ContinuousClock.now

        try await connection.transaction { session in
            try session.executeUnsafeScript(
                "SET LOCAL client_min_messages = warning; DROP SCHEMA IF EXISTS \(next) CASCADE; CREATE SCHEMA \(next)")
            try projector.createTables(in: next, session: session)
        }

        var position: Int64 = 0
        while true {
            let checkpoint = position
            let outcome = try await connection.transaction { session in
                try ProjectionBatch.apply(
                    projector, after: checkpoint, in: next, batchSize: batchSize, session: session)
            }
            position = outcome.through
            progress(
                RebuildProgress(
                    projector: projector.name, position: position, head: outcome.head,
                    elapsed: started.duration(to: .now)))
            if outcome.caughtUp { break }
        }

        let caughtUpFrom = position
        let final = try await connection.transaction { session in
            try session.execute(
                """
                INSERT INTO herald.projections (name, version, position) VALUES (\(projector.name), \(Int32(projector.version)), 0)
                ON CONFLICT (name) DO NOTHING
                """)
            // Checked again under the row's lock: a newer binary may have swapped its model in meanwhile.
            let stored = try session.query(
                "SELECT version FROM herald.projections WHERE name = \(projector.name) FOR UPDATE"
            ).first.map { try $0.decode(Int.self, at: 0) }
            try refuseNewer(stored)
            var outcome = ProjectionBatch.Outcome(through: caughtUpFrom, head: caughtUpFrom, events: 0)
            repeat {
                outcome = try ProjectionBatch.apply(
                    projector, after: outcome.through, in: next, batchSize: batchSize, session: session)
            } while !outcome.caughtUp
            try session.executeUnsafeScript(
                "SET LOCAL client_min_messages = warning; DROP SCHEMA IF EXISTS \(live) CASCADE; ALTER SCHEMA \(next) RENAME TO \(live)"
            )
            try session.execute(
                """
                UPDATE herald.projections SET version = \(Int32(projector.version)), position = \(outcome.through),
                       updated_at = now()
                WHERE name = \(projector.name)
                """)
            // The model swapped in folded every event, so whatever failure was recorded is past.
            try session.execute("DELETE FROM herald.projection_failures WHERE name = \(projector.name)")
            try session.execute(
                "SELECT pg_notify(\(ProjectionRunner.notificationChannel), \(projector.name + ":\(outcome.through)"))")
            return outcome
        }
        let done = RebuildProgress(
            projector: projector.name, position: final.through, head: final.head,
            elapsed: started.duration(to: .now))
        progress(done)
        return done
    }
}

/// A projector that cannot run as asked.
public struct ProjectionError: Error, Sendable, CustomStringConvertible {
    public let description: String

    /// The stored read model is of a newer version than this binary's projector.
    static func newerVersionStored(_ projector: any Projector, stored: Int) -> ProjectionError {
        ProjectionError(
            description:
                "read model \(projector.name) is at version \(stored), newer than this herald's \(projector.version): upgrade herald; it is not rebuilt backwards"
        )
    }

    /// A batch found the stored version changed since the runner chose to fold (another process
    /// rebuilt the model); the runner stops and decides again.
    static func versionChanged(_ projector: any Projector, stored: Int?) -> ProjectionError {
        ProjectionError(
            description:
                "read model \(projector.name) is at version \(stored.map(String.init) ?? "none") now, not \(projector.version): stopped folding into it"
        )
    }

    static func invalidName(_ name: String) -> ProjectionError {
        ProjectionError(description: "projector name \"\(name)\" must be lower-case letters, digits and underscores")
    }

    public static func unknown(_ name: String, known: [String]) -> ProjectionError {
        ProjectionError(description: "no projection named \"\(name)\"; known: \(known.joined(separator: ", "))")
    }
}
