import Foundation

/// Why a command was refused. A refused command appends nothing; `description` tells the
/// operator what to change.
public struct DecisionRejection: Error, Equatable, CustomStringConvertible {
    public let description: String

    public static let alreadyExists = DecisionRejection(description: "it exists already")
    public static let unknownTemplate = DecisionRejection(description: "unknown template")
    public static let templateArchived = DecisionRejection(description: "the template is archived")
    public static let unknownBroadcast = DecisionRejection(description: "unknown broadcast")
    public static let emptyAudience = DecisionRejection(description: "the cohort matches no active recipient")
    public static let emptyTitle = DecisionRejection(description: "a broadcast needs a title")

    public static func nameTaken(_ name: String) -> DecisionRejection {
        DecisionRejection(description: "a template named \(name) exists")
    }

    public static func unknownTemplate(named name: String) -> DecisionRejection {
        DecisionRejection(description: "no template named \(name); herald template list shows them")
    }

    public static func invalidName(_ name: String) -> DecisionRejection {
        DecisionRejection(description: "template name \"\(name)\" must be 1 to 64 letters, digits, '-', '_' or '.'")
    }

    public static func invalidTemplate(_ rejection: TemplateRejection) -> DecisionRejection {
        DecisionRejection(description: "invalid template: \(rejection)")
    }

    public static func invalidButton(_ rejection: CTARejection) -> DecisionRejection {
        DecisionRejection(description: "invalid button: \(rejection)")
    }

    public static func duplicateButton(_ id: String) -> DecisionRejection {
        DecisionRejection(description: "two buttons are named \(id)")
    }

    public static func invalidCohort(_ rejection: CohortRejection) -> DecisionRejection {
        DecisionRejection(description: "invalid cohort: \(rejection)")
    }

    public static func timeInPast(_ time: Timestamp) -> DecisionRejection {
        DecisionRejection(description: "\(time.date.formatted(.iso8601)) is in the past")
    }

    /// The command does not apply in the aggregate's current state, e.g. revising a sent broadcast.
    public static func notAllowed(_ action: String, when status: String) -> DecisionRejection {
        DecisionRejection(description: "cannot \(action) a broadcast that is \(status)")
    }

    public static func unknownRecipient(_ userID: Int64) -> DecisionRejection {
        DecisionRejection(description: "unknown recipient \(userID); herald recipients list shows them")
    }

    public static func notInAudience(_ userID: Int64) -> DecisionRejection {
        DecisionRejection(description: "recipient \(userID) was not in the broadcast's audience")
    }

    public static func conversionMarked(_ id: UUID) -> DecisionRejection {
        DecisionRejection(description: "conversion \(id.uuidString.lowercased()) is marked already")
    }

    public static func invalidGoal(_ goal: String) -> DecisionRejection {
        DecisionRejection(description: "goal \"\(goal)\" must be 1 to 64 lower-case letters, digits, '-', '_' or '.'")
    }

    public static func invalidConversionValue(_ value: Double) -> DecisionRejection {
        DecisionRejection(description: "conversion value \(value) must be a finite number, zero or more")
    }

    /// The template cannot be sent to one of the audience (a variable they lack, a text too long).
    public static func unrenderable(_ userID: Int64, _ rejection: TemplateRejection) -> DecisionRejection {
        DecisionRejection(description: "recipient \(userID) cannot get this message: \(rejection)")
    }

    public static func invalidCategory(_ category: String) -> DecisionRejection {
        DecisionRejection(
            description: "category \"\(category)\" must be 1 to 32 lower-case letters, digits, '-' or '_'")
    }
}
