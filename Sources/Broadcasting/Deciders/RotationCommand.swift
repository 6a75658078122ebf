import Foundation

/// What an operator or the scheduler asks of a rotation.
public enum RotationCommand: Sendable, Hashable {
    /// Chats given twice are posted to once; templates may repeat (A, B, A posts A twice as often).
    case create(
        rotationID: UUID, name: String, chatIDs: [Int64], templateIDs: [UUID], intervalSeconds: Int,
        startsAt: Timestamp)
    case pause(rotationID: UUID)
    case resume(rotationID: UUID)
    /// The scheduler posted slot `sequence` to `chatID` as Telegram message `messageID`.
    case recordPost(rotationID: UUID, sequence: Int, chatID: Int64, messageID: Int64)
    /// The scheduler could not post slot `sequence` to `chatID`.
    case recordFailure(
        rotationID: UUID, sequence: Int, chatID: Int64, errorClass: SendErrorClass, code: Int, description: String)
}

/// Whether a rotation posts: active ⇄ paused, for as long as it exists.
public enum RotationStatus: String, Sendable, Hashable {
    case active, paused
}

/// A rotation as its stream folds. `status` is nil before `rotation.created`.
public struct RotationState: Sendable, Hashable {
    public var status: RotationStatus?
    public var name = ""
    public var chatIDs: [Int64] = []
    public var schedule: RotationSchedule?
    /// The latest slot with an outcome, and the chats that have one in it.
    public var lastSequence: Int?
    public var chatsDone: Set<Int64> = []

    /// The first slot without any outcome yet; slots before it are done or were missed.
    public var nextSequence: Int { (lastSequence ?? -1) + 1 }

    public init() {}
}

/// What a rotation decision needs from outside its own stream, loaded by the caller.
public struct RotationContext: Sendable {
    public var now: Timestamp
    /// The folded state of templates the command names.
    public var templates: [UUID: TemplateState]
    /// Their names, so a refusal names the template the operator typed.
    public var templateNames: [UUID: String]

    public init(now: Timestamp, templates: [UUID: TemplateState] = [:], templateNames: [UUID: String] = [:]) {
        self.now = now
        self.templates = templates
        self.templateNames = templateNames
    }
}
