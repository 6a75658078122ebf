internal import CLibPQ

/// Rewrites of libpq connection strings.
public enum ConnectionString {
    /// The same settings as `configuration` (URL or key=value), pointed at database `name`,
    /// as a key=value string.
    public static func replacingDatabase(in configuration: String, with name: String) throws -> String {
        _ = try Redaction(configuration: configuration)  // a clear error for unparsable strings
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(configuration, &message) else {
            if let message { PQfreemem(message) }
            throw PostgresError.decoding("unparsable connection string")
        }
        defer { PQconninfoFree(options) }
        var pairs: [String] = []
        var option = options
        while let keyword = option.pointee.keyword {
            let key = String(cString: keyword)
            if key != "dbname", let value = option.pointee.val {
                pairs.append("\(key)=\(quote(String(cString: value)))")
            }
            option += 1
        }
        pairs.append("dbname=\(quote(name))")
        return pairs.joined(separator: " ")
    }

    /// Whether `configuration` carries a password (`postgresql://user:secret@…` or `password=…`).
    public static func containsPassword(_ configuration: String) -> Bool {
        guard let redaction = try? Redaction(configuration: configuration) else { return false }
        return redaction.secrets.dropFirst().contains { !$0.isEmpty }
    }

    private static func quote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
