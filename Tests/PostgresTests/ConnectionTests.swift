import Foundation
import HeraldTestSupport
@testable import Postgres
import Testing

@Suite(.timeLimit(.minutes(5))) struct ConnectionTests {
    @Test func serverErrorsCarrySQLState() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let connection = try await db.connect()
            try await connection.executeUnsafeScript("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)")
            let error = try await #require(throws: PostgresError.self) {
                try await connection.execute("INSERT INTO t VALUES (\(Int32(1)))")
            }
            #expect(error.sqlState == "23505")
            #expect(error.isUniqueViolation)
            #expect(error.constraint == "t_pkey")
        }
    }

    @Test func transactionRollsBackWhenBodyThrows() async throws {
        struct Boom: Error {}
        try await TestDatabase.with(migrated: false) { db in
            let connection = try await db.connect()
            try await connection.executeUnsafeScript("CREATE TABLE t (id int)")
            await #expect(throws: Boom.self) {
                try await connection.transaction { session in
                    try session.execute("INSERT INTO t VALUES (1)")
                    throw Boom()
                }
            }
            try await connection.transaction { session in _ = try session.execute("INSERT INTO t VALUES (2)") }
            let ids = try await connection.query("SELECT id FROM t").map { try $0.decode(Int.self, at: 0) }
            #expect(ids == [2])
        }
    }

    @Test func blockingCallsRunOnTheConnectionsOwnThread() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let connection = try await db.connect()
            let name = try await connection.withSession { _ in BlockingExecutor.currentName }
            #expect(name == "herald.postgres")
            #expect(BlockingExecutor.currentName == nil)
        }
    }

    @Test func listenReceivesNotifyAndTimesOutQuietly() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let listener = try await db.connect()
            let notifier = try await db.connect()
            try await listener.listen("wake")
            #expect(try await listener.waitForNotifications(timeout: .milliseconds(50)).isEmpty)
            try await notifier.execute("SELECT pg_notify('wake', \("42"))")
            let received = try await listener.waitForNotifications(timeout: .seconds(10))
            #expect(received == [PostgresNotification(channel: "wake", payload: "42")])
        }
    }

    @Test func lostConnectionIsDetectedAndReestablished() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let victim = try await db.connect()
            let killer = try await db.connect()
            let pid = try await victim.backendPID()
            try await killer.execute("SELECT pg_terminate_backend(\(pid))")
            let error = try await #require(throws: PostgresError.self) { try await victim.query("SELECT 1") }
            #expect(error.code == .connectionLost)
            #expect(victim.isConnected == false)
            try await victim.reconnect()
            #expect(try await victim.query("SELECT 7")[0].decode(Int.self, at: 0) == 7)
        }
    }

    @Test func errorsNeverShowThePassword() async throws {
        let secret = "s3cr3t-pa55word"
        let url = "postgresql://herald:\(secret)@/herald?host=/nonexistent-herald-socket&port=5499"
        let error = try await #require(throws: PostgresError.self) { try await Connection.connect(to: url) }
        #expect(error.code == .connectionFailed)
        #expect(!error.description.contains(secret))
        let garbled = "host=/x password=\(secret) this is not valid"
        let parseError = try await #require(throws: PostgresError.self) { try await Connection.connect(to: garbled) }
        #expect(!parseError.description.contains(secret))
    }

    @Test func copyInAndOutRoundTrip() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let connection = try await db.connect()
            try await connection.executeUnsafeScript("CREATE TABLE t (id int, name text)")
            let lines = (1...500).map { "\($0)\tname \($0)\n" }
            let copied = try await connection.withSession { session in
                try session.copyIn("COPY t FROM STDIN") { send in
                    for line in lines { try Array(line.utf8).withUnsafeBytes { try send($0) } }
                }
            }
            #expect(copied == 500)
            let out = try await connection.withSession { session in
                var text = ""
                try session.copyOut("COPY (SELECT * FROM t ORDER BY id) TO STDOUT") {
                    text += String(decoding: $0, as: UTF8.self)
                }
                return text
            }
            #expect(out == lines.joined())
        }
    }

    @Test func sessionsRunReadCommittedWhateverTheDatabaseDefault() async throws {
        try await TestDatabase.with(migrated: false) { db in
            try await db.connect().executeUnsafeScript(
                "ALTER DATABASE \(db.name) SET default_transaction_isolation = 'serializable'")
            let connection = try await db.connect()
            #expect(
                try await connection.query("SHOW transaction_isolation")[0].decode(String.self, at: 0)
                    == "read committed")
            try await connection.executeUnsafeScript("BEGIN ISOLATION LEVEL REPEATABLE READ")
            #expect(
                try await connection.query("SHOW transaction_isolation")[0].decode(String.self, at: 0)
                    == "repeatable read")
        }
    }
}
