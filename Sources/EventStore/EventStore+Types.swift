public import Postgres

extension EventStore {
    /// Events of the given types with `after < position <= through`, in position order.
    ///
    /// Bounded by the position range rather than a limit, so a reader that follows the log (the
    /// dispatcher's feed) pages through it in windows whatever share of it matches.
    public func read(after position: Int64, through upper: Int64, types: [String]) async throws -> [RecordedEvent] {
        let result = try await withConnection { connection in
            try await connection.query(
                """
                SELECT \(unsafeRaw: RecordedEvent.columns) FROM herald.events
                WHERE position > \(position) AND position <= \(upper) AND type = ANY(\(types))
                ORDER BY position
                """)
        }
        return try result.map(RecordedEvent.init(row:))
    }
}
