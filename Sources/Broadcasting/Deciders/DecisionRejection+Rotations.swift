import Foundation

extension DecisionRejection {
    public static let unknownRotation = DecisionRejection("rotation_not_found", "unknown rotation")
    public static let noChats = DecisionRejection(
        "no_chats", "a rotation needs at least one chat (--chat ID)", field: "chats")
    public static let noTemplates = DecisionRejection(
        "no_templates", "a rotation needs at least one template (--template NAME)", field: "templates")
    public static let invalidChat = DecisionRejection("invalid_chat", "0 is not a Telegram chat id", field: "chats")

    /// No rotation is called `reference`, by name or by id.
    public static func unknownRotation(named reference: String) -> DecisionRejection {
        DecisionRejection("rotation_not_found", "no rotation \(reference); herald rotation list shows them")
    }

    public static func rotationNameTaken(_ name: String) -> DecisionRejection {
        DecisionRejection("rotation_name_taken", "a rotation named \(name) exists", field: "name")
    }

    public static func invalidRotationName(_ name: String) -> DecisionRejection {
        DecisionRejection(
            "invalid_rotation_name",
            "rotation name \"\(name)\" must be 1 to 64 letters, digits, '-', '_' or '.', and not an id", field: "name")
    }

    public static func templateArchived(named name: String) -> DecisionRejection {
        DecisionRejection("template_archived", "template \(name) is archived", field: "templates")
    }

    public static func intervalTooShort(_ interval: RotationInterval) -> DecisionRejection {
        DecisionRejection(
            "invalid_interval", "every \(interval) is too often: the shortest interval is \(RotationInterval.minimum)",
            field: "every")
    }

    public static func intervalTooLong(_ interval: RotationInterval) -> DecisionRejection {
        DecisionRejection(
            "invalid_interval", "every \(interval) is too long: the longest interval is \(RotationInterval.maximum)",
            field: "every")
    }

    /// Pausing a paused rotation or resuming an active one.
    public static func rotationAlready(_ status: RotationStatus) -> DecisionRejection {
        DecisionRejection("invalid_transition", "it is \(status.rawValue) already", field: "status")
    }

    public static func notARotationChat(_ chat: Int64) -> DecisionRejection {
        DecisionRejection("invalid_chat", "chat \(chat) is not one of the rotation's chats", field: "chats")
    }

    public static func slotNotDue(_ sequence: Int, at time: Timestamp) -> DecisionRejection {
        DecisionRejection("invalid_slot", "slot \(sequence) is not due until \(time.date.formatted(.iso8601))")
    }

    public static func invalidSlot(_ sequence: Int) -> DecisionRejection {
        DecisionRejection("invalid_slot", "slot \(sequence) does not exist: slots count from 0")
    }

    /// An outcome for a slot before the latest one with outcomes: that slot is over.
    public static func slotOver(_ sequence: Int, latest: Int) -> DecisionRejection {
        DecisionRejection("invalid_slot", "slot \(sequence) is over: slot \(latest) has outcomes already")
    }

    public static func slotRecorded(_ sequence: Int, chat: Int64) -> DecisionRejection {
        DecisionRejection("invalid_slot", "slot \(sequence) has an outcome for chat \(chat) already")
    }
}
