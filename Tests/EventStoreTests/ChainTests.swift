import EventStore
import HeraldTestSupport
import Postgres
import Testing

@Suite(.timeLimit(.minutes(5))) struct ChainTests {
    @Test func intactLogVerifies() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            for n in 0..<5 { try await store.append((0..<10).map { event("s\($0)", n) }) }
            let report = try await store.verifyChain()
            #expect(report == ChainReport(eventsChecked: 50, head: 50, firstProblem: nil))
        }
    }

    @Test func rowAlteredBehindHeraldsBackIsFoundAtItsPosition() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append((1...20).map { event("s", $0) })
            let sql = try await db.rewriter()
            try await sql.execute(#"UPDATE herald.events SET data = '{"n": 999}' WHERE position = 13"#)
            #expect(try await store.verifyChain().firstProblem == .hashMismatch(position: 13))
        }
    }

    @Test func rewrittenHashBreaksTheNextLink() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append((1...20).map { event("s", $0) })
            let sql = try await db.rewriter()
            // A forger who alters row 7 and recomputes its own hash still breaks row 8's link.
            try await sql.executeUnsafeScript(
                """
                UPDATE herald.events e SET data = '{"n": -1}' WHERE position = 7;
                UPDATE herald.events e SET hash = sha256(p.hash || herald.event_canonical(e.position, e.stream,
                    e.stream_version, e.event_id, e.type, e.schema_version, e.data, e.metadata, e.recorded_at))
                FROM herald.events p WHERE p.position = 6 AND e.position = 7;
                """)
            #expect(try await store.verifyChain().firstProblem == .hashMismatch(position: 8))
        }
    }

    @Test func deletedRowIsReportedAsAGap() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append((1...10).map { event("s", $0) })
            try await db.rewriter().execute("DELETE FROM herald.events WHERE position = 4")
            #expect(try await store.verifyChain().firstProblem == .gap(missing: 4, found: 5))
        }
    }
}

@Suite(.timeLimit(.minutes(5))) struct ClientEncodingTests {
    @Test func aLatin1SessionVerifiesAnIntactLogWithNonASCIIText() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append(
                NewEvent(stream: "recipient-1", type: "test.named", data: JSONB(#"{"name": "Zoë Müller"}"#)))
            try await store.append(event("s", 2))
            let latin1 = try await db.connect()
            try await latin1.executeUnsafeScript("SET client_encoding = 'LATIN1'")
            let broken = try await latin1.query(
                """
                SELECT count(*) FROM (
                    SELECT hash = sha256(coalesce(lag(hash) OVER w, '\\x'::bytea) || herald.event_canonical(
                        position, stream, stream_version, event_id, type, schema_version, data, metadata,
                        recorded_at)) AS ok
                    FROM herald.events WINDOW w AS (ORDER BY position)
                ) checked WHERE NOT ok
                """)
            #expect(try broken[0].decode(Int64.self, at: 0) == 0)
        }
    }

    @Test func hashesAppendedBeforeTheUTF8MigrationStillVerify() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let before = Migrator(migrations: Migration.eventLog.filter { $0.version < 5 })
            try await before.migrate(try await db.connect())
            let store = EventStore(configuration: db.url)
            try await store.append(NewEvent(stream: "s", type: "test.named", data: JSONB(#"{"name": "Zoë ✓"}"#)))
            try await Migrator().migrate(try await db.connect())
            #expect(try await store.verifyChain().isIntact)
        }
    }
}
