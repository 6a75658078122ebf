import Foundation
import HeraldTestSupport
import Postgres
import Testing

@Suite(.timeLimit(.minutes(5))) struct BindingTests {
    @Test func everyBoundTypeRoundTrips() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let connection = try await db.connect()
            let id = UUID()
            let moment = Date(timeIntervalSince1970: 1_790_000_000.123456)
            let row = try await connection.query(
                """
                SELECT \("héllo ✓")::text, \(Int(-9_000_000_000))::bigint, \(Int32(42))::int, \(true)::bool,
                       \(2.5)::float8, \(id)::uuid, \(moment)::timestamptz, \(ByteA([0, 1, 255]))::bytea,
                       \(JSONB(#"{"b": 1, "a": [true, null]}"#))::jsonb, \(["x", "y'z"])::text[], \([Int(1), 2, 3])::bigint[]
                """)[0]
            #expect(try row.decode(String.self, at: 0) == "héllo ✓")
            #expect(try row.decode(Int.self, at: 1) == -9_000_000_000)
            #expect(try row.decode(Int32.self, at: 2) == 42)
            #expect(try row.decode(Bool.self, at: 3) == true)
            #expect(try row.decode(Double.self, at: 4) == 2.5)
            #expect(try row.decode(UUID.self, at: 5) == id)
            #expect(abs(try row.decode(Date.self, at: 6).timeIntervalSince(moment)) < 0.000_001)
            #expect(try row.decode(ByteA.self, at: 7) == ByteA([0, 1, 255]))
            #expect(try row.decode(JSONB.self, at: 8).text == #"{"a": [true, null], "b": 1}"#)
            #expect(try row.decode([String].self, at: 9) == ["x", "y'z"])
            #expect(try row.decode([Int].self, at: 10) == [1, 2, 3])
        }
    }

    @Test func arraysOfEveryBinaryTypeRoundTrip() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let connection = try await db.connect()
            let moment = Date(timeIntervalSince1970: 1_790_000_000)
            let ids = [UUID(), UUID()]
            let row = try await connection.query(
                """
                SELECT \([moment, moment.addingTimeInterval(1)])::timestamptz[], \([1.5, -2.0])::float8[],
                       \(ids)::uuid[], \([true, false])::bool[], \([Int32(7)])::int[], \([JSONB("{}")])::jsonb[],
                       \(["a", nil] as [String?])::text[]
                """)[0]
            #expect(try row.decode([Date].self, at: 0) == [moment, moment.addingTimeInterval(1)])
            #expect(try row.decode([Double].self, at: 1) == [1.5, -2.0])
            #expect(try row.decode([UUID].self, at: 2) == ids)
            #expect(try row.decode([Bool].self, at: 3) == [true, false])
            #expect(try row.decode([Int32].self, at: 4) == [7])
            #expect(try row.decode([JSONB].self, at: 5) == [JSONB("{}")])
            #expect(throws: PostgresError.self) { try row.decode([String].self, at: 6) }  // a NULL element
        }
    }

    @Test func nullDecodesAsNilAndIsAnErrorWhenRequired() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let connection = try await db.connect()
            let optional: String? = nil
            let row = try await connection.query("SELECT \(optional)::text AS nothing")[0]
            #expect(try row.decodeIfPresent(String.self, named: "nothing") == nil)
            #expect(throws: PostgresError.self) { try row.decode(String.self, at: 0) }
        }
    }

    @Test func interpolatedValuesAreDataNotSQL() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let connection = try await db.connect()
            try await connection.executeUnsafeScript(
                "CREATE TABLE people (name text); INSERT INTO people VALUES ('ann'), ('bob')")
            let attack = "x' OR '1'='1"
            let rows = try await connection.query("SELECT name FROM people WHERE name = \(attack)")
            #expect(rows.isEmpty)
            #expect(try await connection.query("SELECT count(*) FROM people")[0].decode(Int.self, at: 0) == 2)
        }
    }

    @Test func decodingTheWrongTypeNamesTheColumn() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let connection = try await db.connect()
            let row = try await connection.query("SELECT 'text'::text AS label")[0]
            let error = try #require(throws: PostgresError.self) { try row.decode(Int.self, at: 0) }
            #expect(error.code == .decoding)
            #expect(error.description.contains("label"))
        }
    }

    @Test func aTextParameterWithANULIsRefusedNotCut() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let connection = try await db.connect()
            // libpq reads text parameters as C strings: sent as is, "premium\0zzz" would match "premium".
            let error = try await #require(throws: PostgresError.self) {
                try await connection.query("SELECT \("premium\u{0}zzz")::text = 'premium'")
            }
            #expect(error.code == .unstorableText)
            #expect(error.description.contains("$1"))
            #expect(!error.isTransient)
            // The connection is still usable, and a value without NUL goes through whole.
            #expect(try await connection.query("SELECT \("premium zzz")::text")[0].decode(String.self, at: 0) == "premium zzz")
        }
    }

    @Test func aStatementOverTheProtocolsParameterLimitIsRefusedBeforeSending() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let connection = try await db.connect()
            let binds = Array(repeating: Int64(1).postgresBind, count: 65_536)
            let error = try await #require(throws: PostgresError.self) {
                try await connection.query(Query(unsafeSQL: "SELECT 1", binds: binds))
            }
            #expect(error.code == .tooManyParameters)
        }
    }
}
