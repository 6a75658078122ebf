import Foundation

/// What an operator, the scheduler or the dispatcher asks of a broadcast.
public enum BroadcastCommand: Sendable, Hashable {
    case create(
        broadcastID: UUID, templateID: UUID, title: String, cohort: JSONValue, delivery: DeliveryGuarantee,
        paid: Bool)
    case revise(broadcastID: UUID, templateID: UUID?, title: String?, cohort: JSONValue?)
    case schedule(broadcastID: UUID, sendAt: Timestamp)
    /// Begin sending to `audience`, the user ids of the cohort as resolved now. The caller has run
    /// `BroadcastDecider.checkAudience` on it, so every member can get the message.
    case start(broadcastID: UUID, audience: [Int64])
    case pause(broadcastID: UUID, reason: String?)
    case resume(broadcastID: UUID)
    case cancel(broadcastID: UUID, reason: String?)
    case complete(broadcastID: UUID, sent: Int, failed: Int, unknown: Int)
    /// Stop for good because the broadcast cannot succeed (its content refused, no recipient left
    /// when it was due).
    case fail(broadcastID: UUID, reason: String)
}

/// Where a broadcast is in its life: draft → scheduled → sending → completed, with paused,
/// canceled and failed.
public enum BroadcastStatus: String, Sendable, Hashable {
    case draft, scheduled, sending, paused, completed, canceled, failed
}

/// A broadcast as its stream folds. `status` is nil before `broadcast.created`.
public struct BroadcastState: Sendable, Hashable {
    public var status: BroadcastStatus?
    public var templateID: UUID?
    public var sendAt: Timestamp?

    public init() {}
}

/// What a broadcast decision needs from outside its own stream, loaded by the caller.
public struct BroadcastContext: Sendable {
    public var now: Timestamp
    /// The folded state of templates the command may name.
    public var templates: [UUID: TemplateState]
    /// How many recipient ids one `broadcast.audience-resolved` event carries.
    public var audienceChunkSize: Int

    public init(now: Timestamp, templates: [UUID: TemplateState] = [:], audienceChunkSize: Int = 1000) {
        self.now = now
        self.templates = templates
        self.audienceChunkSize = max(1, audienceChunkSize)
    }
}

/// A recipient as a broadcast's audience holds them: the user id and the variables a template
/// renders with (their attributes and `username`).
public struct AudienceMember: Sendable, Hashable {
    public var userID: Int64
    public var variables: [String: String]

    public init(userID: Int64, variables: [String: String] = [:]) {
        self.userID = userID
        self.variables = variables
    }
}
