import Foundation

/// Stream names, one aggregate per stream. Ids are lowercased so a name is the same whoever
/// builds it.
public enum StreamName {
    public static func template(_ id: UUID) -> String { "template-\(id.lowercased)" }
    /// The name claim of a template: its first event says which template holds the name.
    public static func templateName(_ name: String) -> String { "template-name-\(name)" }
    public static func broadcast(_ id: UUID) -> String { "broadcast-\(id.lowercased)" }
    /// The resolved audience of a broadcast, in chunks: a stream of its own, so that loading the
    /// broadcast to decide a command costs the same for a million recipients as for ten.
    public static func broadcastAudience(_ id: UUID) -> String { "broadcast-audience-\(id.lowercased)" }
    public static func rotation(_ id: UUID) -> String { "rotation-\(id.lowercased)" }
    /// The name claim of a rotation: its first event says which rotation holds the name.
    public static func rotationName(_ name: String) -> String { "rotation-name-\(name)" }
    public static func recipient(_ userID: Int64) -> String { "recipient-\(userID)" }
    public static func conversion(_ id: UUID) -> String { "conversion-\(id.lowercased)" }

    /// One stream per recipient of a broadcast, so a second outcome for the same message is an
    /// optimistic-concurrency conflict rather than a silent duplicate.
    public static func delivery(broadcast: UUID, user: Int64) -> String {
        "delivery-\(broadcast.lowercased)-\(user)"
    }

    /// The click dedupe stream: appended with expected version no-stream, so the stream itself
    /// is the "one click per user, broadcast and button" constraint.
    public static func click(broadcast: UUID, user: Int64, button: String) -> String {
        "click-\(broadcast.lowercased)-\(user)-\(button)"
    }
}

extension UUID {
    var lowercased: String { uuidString.lowercased() }
}
