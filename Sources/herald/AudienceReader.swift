import Projections

extension AudienceReader {
    /// One line per recipient, or one JSON object per line with `--json`.
    static func print(_ rows: [Recipient], json output: OutputOptions) throws {
        for row in rows {
            if output.json {
                try output.printJSON(row)
            } else {
                let attributes = row.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                Swift.print("\(row.user_id)  chat \(row.chat_id)  \(row.status)  \(attributes.joined(separator: " "))")
            }
        }
    }
}
