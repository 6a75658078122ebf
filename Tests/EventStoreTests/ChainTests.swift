import EventStore
import HeraldTestSupport
import Postgres
import Testing

@Suite struct ChainTests {
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
            try await sql.executeScript(
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
