import Foundation

/// An operator (or their shop) reports that a recipient of a broadcast converted.
public struct MarkConversion: Sendable, Hashable {
    /// The conversion's id. A caller that may retry (a shop's webhook) passes the same id each
    /// time, so the conversion counts once.
    public var conversionID: UUID
    public var broadcastID: UUID
    public var userID: Int64
    public var goal: String
    public var value: Double?

    public init(conversionID: UUID, broadcastID: UUID, userID: Int64, goal: String, value: Double? = nil) {
        self.conversionID = conversionID
        self.broadcastID = broadcastID
        self.userID = userID
        self.goal = goal
        self.value = value
    }
}

/// What a conversion decision needs from outside its own stream, loaded by the caller.
public struct ConversionContext: Sendable, Hashable {
    /// The broadcast's state; `status` is nil when there is no such broadcast.
    public var broadcast: BroadcastState
    /// Whether the recipient is registered.
    public var recipientKnown: Bool
    /// Whether the recipient was in the broadcast's resolved audience.
    public var inAudience: Bool

    public init(broadcast: BroadcastState, recipientKnown: Bool, inAudience: Bool) {
        self.broadcast = broadcast
        self.recipientKnown = recipientKnown
        self.inAudience = inAudience
    }
}

/// The conversion aggregate's rules. A conversion is attributed to one broadcast and one of its
/// recipients, so stats never count a conversion for someone the broadcast did not target.
public enum ConversionDecider {
    /// The goal when none is given.
    public static let defaultGoal = "conversion"

    /// The largest value one conversion may carry. Values are amounts of money, so a billion is
    /// far past any one purchase, and read models can sum them without ever leaving their range.
    public static let maximumValue: Double = 1_000_000_000

    /// Whether `value` may be recorded: a finite amount from 0 to `maximumValue`.
    public static func isValidValue(_ value: Double) -> Bool {
        value.isFinite && value >= 0 && value <= maximumValue
    }

    /// `exists` is whether the conversion's stream has its `conversion.marked` already.
    public static func decide(_ command: MarkConversion, exists: Bool, _ context: ConversionContext)
        -> Result<[any DomainEvent], DecisionRejection>
    {
        Result { () throws(DecisionRejection) -> [any DomainEvent] in try decision(command, exists, context) }
    }

    private static func decision(_ command: MarkConversion, _ exists: Bool, _ context: ConversionContext)
        throws(DecisionRejection) -> [any DomainEvent]
    {
        guard !exists else { throw .conversionMarked(command.conversionID) }
        guard isValidGoal(command.goal) else { throw .invalidGoal(command.goal) }
        if let value = command.value, !isValidValue(value) { throw .invalidConversionValue(value) }
        guard let status = context.broadcast.status else { throw .unknownBroadcast }
        guard context.recipientKnown else { throw .unknownRecipient(command.userID) }
        guard status != .draft && status != .scheduled else {
            throw .notAllowed("mark a conversion of", when: status.rawValue)
        }
        guard context.inAudience else { throw .notInAudience(command.userID) }
        return [
            ConversionMarked(
                conversionID: command.conversionID, broadcastID: command.broadcastID, userID: command.userID,
                goal: command.goal, value: command.value)
        ]
    }

    /// 1 to 64 of lower-case letters, digits, `_`, `-` and `.`: goals are labels in stats.
    static func isValidGoal(_ goal: String) -> Bool {
        (1...64).contains(goal.unicodeScalars.count)
            && goal.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "."
            }
    }
}
