public import Postgres

/// Which event types and schema versions Herald knows, and how to check that a stored event's
/// data decodes as its type says. `herald audit verify` runs every event through it.
public struct EventRegistry: Sendable {
    public typealias Check = @Sendable (JSONB) throws -> Void

    private struct Key: Hashable {
        let type: String
        let version: Int
    }

    private var checks: [Key: Check] = [:]

    public init() {}

    /// Registers `type` at `version` as data that decodes to `T`.
    public mutating func register<T: Decodable>(_ type: String, version: Int = 1, as _: T.Type) {
        checks[Key(type: type, version: version)] = { data in _ = try data.decode(T.self) }
    }

    /// Registers `type` at `version` with a check of its own.
    public mutating func register(_ type: String, version: Int = 1, check: @escaping Check) {
        checks[Key(type: type, version: version)] = check
    }

    public var isEmpty: Bool { checks.isEmpty }

    /// Why `event` does not decode, or nil when it does.
    public func problem(with event: RecordedEvent) -> String? {
        guard let check = checks[Key(type: event.type, version: event.schemaVersion)] else {
            return "no registered type \(event.type) v\(event.schemaVersion)"
        }
        do {
            try check(event.data)
            return nil
        } catch {
            return "data does not decode as \(event.type) v\(event.schemaVersion): \(error)"
        }
    }
}
