import EventStore
import Foundation
import Postgres

extension TestDatabase {
    /// The stored checkpoint of a projector, or nil before it has one.
    public func checkpoint(_ name: String) async throws -> (version: Int, position: Int64)? {
        try await connect().query("SELECT version, position FROM herald.projections WHERE name = \(name)").first.map {
            (try $0.decode(Int.self, at: 0), try $0.decode(Int64.self, at: 1))
        }
    }

    /// Waits until `name`'s checkpoint reaches the log's head at `version`, woken by the runner's
    /// NOTIFY on every checkpoint move (and re-checking each second in case one is missed).
    public func waitUntilCaughtUp(_ name: String, version: Int = 1, timeout: Duration = .seconds(60)) async throws {
        let connection = try await connect()
        try await connection.listen(ProjectionRunner.notificationChannel)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let rows = try await connection.query(
                "SELECT lag, version FROM herald.projection_status WHERE name = \(name)")
            if let row = rows.first, try row.decode(Int64.self, at: 0) == 0, try row.decode(Int.self, at: 1) == version
            {
                return
            }
            _ = try await connection.waitForNotifications(timeout: .seconds(1))
        }
        throw CaughtUpTimeout(projection: name)
    }
}

public struct CaughtUpTimeout: Error {
    public let projection: String
}
