import Foundation

/// Why a command was refused. A refused command appends nothing; `description` tells the
/// operator what to change.
///
/// `code` is stable, for scripts (the admin API's `error.code`): a new rejection may add a code, an
/// existing one never changes. `field` names the input at fault when there is one (a cohort's field,
/// `title`, `send_at`, …).
public struct DecisionRejection: Error, Equatable, CustomStringConvertible {
    public let code: String
    public let description: String
    public let field: String?

    init(_ code: String, _ description: String, field: String? = nil) {
        self.code = code
        self.description = description
        self.field = field
    }

    public static let alreadyExists = DecisionRejection("already_exists", "it exists already")
    public static let unknownTemplate = DecisionRejection("template_not_found", "unknown template", field: "template")
    public static let templateArchived = DecisionRejection(
        "template_archived", "the template is archived", field: "template")
    public static let unknownBroadcast = DecisionRejection("broadcast_not_found", "unknown broadcast")
    public static let emptyAudience = DecisionRejection(
        "empty_audience", "the cohort matches no active recipient", field: "cohort")
    public static let emptyTitle = DecisionRejection("empty_title", "a broadcast needs a title", field: "title")

    public static func titleTooLong(_ length: Int) -> DecisionRejection {
        DecisionRejection(
            "invalid_title", "the title is \(length) characters, over the \(BroadcastDecider.maximumTitleLength) allowed",
            field: "title")
    }

    public static let titleControlCharacter = DecisionRejection(
        "invalid_title", "a title is one line without control characters (a tab, CR or LF)", field: "title")

    public static func nameTaken(_ name: String) -> DecisionRejection {
        DecisionRejection("template_name_taken", "a template named \(name) exists", field: "name")
    }

    public static func unknownTemplate(named name: String) -> DecisionRejection {
        DecisionRejection(
            "template_not_found", "no template named \(name); herald template list shows them", field: "template")
    }

    public static func invalidName(_ name: String) -> DecisionRejection {
        DecisionRejection(
            "invalid_template_name", "template name \"\(name)\" must be 1 to 64 letters, digits, '-', '_' or '.'",
            field: "name")
    }

    public static func invalidTemplate(_ rejection: TemplateRejection) -> DecisionRejection {
        DecisionRejection("invalid_template", "invalid template: \(rejection)", field: "text")
    }

    public static func invalidButton(_ rejection: CTARejection) -> DecisionRejection {
        DecisionRejection("invalid_button", "invalid button: \(rejection)", field: "buttons")
    }

    public static func tooManyButtons(_ count: Int) -> DecisionRejection {
        DecisionRejection(
            "too_many_buttons", "the template has \(count) buttons, over Telegram's \(TemplateButton.maximumPerKeyboard)",
            field: "buttons")
    }

    public static func duplicateButton(_ id: String) -> DecisionRejection {
        DecisionRejection("duplicate_button", "two buttons are named \(id)", field: "buttons")
    }

    public static func invalidCohort(_ rejection: CohortRejection) -> DecisionRejection {
        DecisionRejection("invalid_cohort", "invalid cohort: \(rejection)", field: rejection.field ?? "cohort")
    }

    public static func timeInPast(_ time: Timestamp) -> DecisionRejection {
        DecisionRejection("time_in_past", "\(time.date.formatted(.iso8601)) is in the past", field: "send_at")
    }

    /// The command does not apply in the aggregate's current state, e.g. revising a sent broadcast.
    public static func notAllowed(_ action: String, when status: String) -> DecisionRejection {
        DecisionRejection(invalidTransitionCode, "cannot \(action) a broadcast that is \(status)", field: "status")
    }

    static let invalidTransitionCode = "invalid_transition"

    /// Whether the command was refused for the aggregate's state rather than for its input: done
    /// or undone meanwhile by someone else.
    public var isInvalidTransition: Bool { code == Self.invalidTransitionCode }

    public static func unknownRecipient(_ userID: Int64) -> DecisionRejection {
        DecisionRejection(
            "recipient_not_found", "unknown recipient \(userID); herald recipients list shows them", field: "recipient")
    }

    public static func notInAudience(_ userID: Int64) -> DecisionRejection {
        DecisionRejection(
            "not_in_audience", "recipient \(userID) was not in the broadcast's audience", field: "recipient")
    }

    public static func conversionMarked(_ id: UUID) -> DecisionRejection {
        DecisionRejection(
            "conversion_already_marked", "conversion \(id.uuidString.lowercased()) is marked already", field: "id")
    }

    public static func invalidGoal(_ goal: String) -> DecisionRejection {
        DecisionRejection(
            "invalid_goal", "goal \"\(goal)\" must be 1 to 64 lower-case letters, digits, '-', '_' or '.'",
            field: "goal")
    }

    public static func invalidConversionValue(_ value: Double) -> DecisionRejection {
        DecisionRejection(
            "invalid_value", "conversion value \(value) must be a number from 0 to 1000000000", field: "value")
    }

    /// The template cannot be sent to one of the audience (a variable they lack, a text too long).
    public static func unrenderable(_ userID: Int64, _ rejection: TemplateRejection) -> DecisionRejection {
        DecisionRejection(
            "unrenderable", "recipient \(userID) cannot get this message: \(rejection)", field: "recipient")
    }

    public static func invalidCategory(_ category: String) -> DecisionRejection {
        DecisionRejection(
            "invalid_category", "category \"\(category)\" must be 1 to 32 lower-case letters, digits, '-' or '_'",
            field: "category")
    }
}
