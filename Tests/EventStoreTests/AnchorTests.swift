import EventStore
import HeraldTestSupport
import Postgres
import Testing

/// Tampering the chain alone cannot show, caught by anchors kept outside the database.
@Suite(.timeLimit(.minutes(5))) struct AnchorTests {
    /// Rewrites the event at `position` and recomputes every hash from there to the head.
    static let rechain = """
        UPDATE herald.events SET data = '{"n": -1}' WHERE position = 5;
        DO $$
        DECLARE
            r herald.events;
            previous bytea := (SELECT hash FROM herald.events WHERE position = 4);
        BEGIN
            FOR r IN SELECT * FROM herald.events WHERE position >= 5 ORDER BY position LOOP
                previous := sha256(previous || herald.event_canonical(r.position, r.stream, r.stream_version,
                    r.event_id, r.type, r.schema_version, r.data, r.metadata, r.recorded_at));
                UPDATE herald.events SET hash = previous WHERE position = r.position;
            END LOOP;
        END
        $$;
        """

    @Test func aLogThatGrewPastItsAnchorVerifies() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let empty = try await store.anchor()
            try await store.append((1...10).map { event("s", $0) })
            let anchor = try await store.anchor()
            try await store.append((11...15).map { event("s", $0) })
            #expect(anchor.position == 10)
            #expect(try await store.verifyChain(anchors: [empty, anchor]).isIntact)
        }
    }

    @Test func deletingTheNewestEventsBreaksTheAnchor() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append((1...10).map { event("s", $0) })
            let anchor = try await store.anchor()
            try await db.rewriter().execute("DELETE FROM herald.events WHERE position > 7")
            #expect(try await store.verifyChain().isIntact, "the chain alone cannot see a cut tail")
            let report = try await store.verifyChain(anchors: [anchor])
            #expect(report.firstProblem == .truncated(anchor: 10, head: 7))
        }
    }

    @Test func rewritingAndRechainingBreaksTheAnchor() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            try await store.append((1...10).map { event("s", $0) })
            let anchor = try await store.anchor()
            try await db.rewriter().executeUnsafeScript(Self.rechain)
            #expect(try await store.verifyChain().isIntact, "the chain alone cannot see a re-chained log")
            #expect(try await store.verifyChain(anchors: [anchor]).firstProblem == .anchorMismatch(position: 10))
        }
    }
}
