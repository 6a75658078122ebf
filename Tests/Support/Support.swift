import EventStore
import Foundation
import Postgres

/// A fresh, migrated database on the private cluster that `scripts/postgres up` starts.
///
/// The cluster comes from `HERALD_TEST_DATABASE_URL` (set by `scripts/test`), or else the default
/// that `scripts/postgres url` prints for this checkout.
public struct TestDatabase: Sendable {
    /// A key=value connection string for this database.
    public let url: String
    public let name: String

    public static var clusterURL: String {
        if let url = ProcessInfo.processInfo.environment["HERALD_TEST_DATABASE_URL"], !url.isEmpty { return url }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        return "postgresql://postgres@/herald?host=\(root)/.postgres/run&port=5499"
    }

    /// Runs `body` against a database of its own, dropped afterwards.
    public static func with<T: Sendable>(migrated: Bool = true, _ body: (TestDatabase) async throws -> T)
        async throws -> T
    {
        let name = "herald_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try await Connection.connect(to: clusterURL)
        try await admin.executeUnsafeScript("CREATE DATABASE \(name)")
        let database = TestDatabase(url: try ConnectionString.replacingDatabase(in: clusterURL, with: name), name: name)
        do {
            if migrated { try await Migrator().migrate(try await Connection.connect(to: database.url)) }
            let value = try await body(database)
            try await admin.executeUnsafeScript("DROP DATABASE \(name) WITH (FORCE)")
            return value
        } catch {
            try? await admin.executeUnsafeScript("DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
    }

    /// A database someone else made (a private cluster of a test's own).
    public init(url: String, name: String) {
        self.url = url
        self.name = name
    }

    public func connect() async throws -> Connection {
        try await Connection.connect(to: url)
    }
}

extension TestDatabase {
    /// A connection with the log's append-only guard lifted (`herald.allow_rewrite`), to tamper.
    public func rewriter() async throws -> Connection {
        let connection = try await connect()
        try await connection.executeUnsafeScript("SET herald.allow_rewrite = on")
        return connection
    }
}
