import Foundation

extension DecisionRejection {
    public static let unknownRotation = DecisionRejection(description: "unknown rotation")
    public static let noChats = DecisionRejection(description: "a rotation needs at least one chat (--chat ID)")
    public static let noTemplates = DecisionRejection(
        description: "a rotation needs at least one template (--template NAME)")
    public static let invalidChat = DecisionRejection(description: "0 is not a Telegram chat id")

    /// No rotation is called `reference`, by name or by id.
    public static func unknownRotation(named reference: String) -> DecisionRejection {
        DecisionRejection(description: "no rotation \(reference); herald rotation list shows them")
    }

    public static func rotationNameTaken(_ name: String) -> DecisionRejection {
        DecisionRejection(description: "a rotation named \(name) exists")
    }

    public static func invalidRotationName(_ name: String) -> DecisionRejection {
        DecisionRejection(
            description: "rotation name \"\(name)\" must be 1 to 64 letters, digits, '-', '_' or '.', and not an id")
    }

    public static func templateArchived(named name: String) -> DecisionRejection {
        DecisionRejection(description: "template \(name) is archived")
    }

    public static func intervalTooShort(_ interval: RotationInterval) -> DecisionRejection {
        DecisionRejection(
            description: "every \(interval) is too often: the shortest interval is \(RotationInterval.minimum)")
    }

    public static func intervalTooLong(_ interval: RotationInterval) -> DecisionRejection {
        DecisionRejection(
            description: "every \(interval) is too long: the longest interval is \(RotationInterval.maximum)")
    }

    /// Pausing a paused rotation or resuming an active one.
    public static func rotationAlready(_ status: RotationStatus) -> DecisionRejection {
        DecisionRejection(description: "it is \(status.rawValue) already")
    }

    public static func notARotationChat(_ chat: Int64) -> DecisionRejection {
        DecisionRejection(description: "chat \(chat) is not one of the rotation's chats")
    }

    public static func slotNotDue(_ sequence: Int, at time: Timestamp) -> DecisionRejection {
        DecisionRejection(description: "slot \(sequence) is not due until \(time.date.formatted(.iso8601))")
    }

    public static func invalidSlot(_ sequence: Int) -> DecisionRejection {
        DecisionRejection(description: "slot \(sequence) does not exist: slots count from 0")
    }

    /// An outcome for a slot before the latest one with outcomes: that slot is over.
    public static func slotOver(_ sequence: Int, latest: Int) -> DecisionRejection {
        DecisionRejection(description: "slot \(sequence) is over: slot \(latest) has outcomes already")
    }

    public static func slotRecorded(_ sequence: Int, chat: Int64) -> DecisionRejection {
        DecisionRejection(description: "slot \(sequence) has an outcome for chat \(chat) already")
    }
}
