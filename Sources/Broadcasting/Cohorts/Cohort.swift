/// Who a broadcast goes to: recipients matching every condition (a conjunction), never blocked.
///
/// Operators write cohorts as JSON, one key per field, and `Cohort(json:)` parses them:
///
/// ```json
/// {"tier": "premium", "region": {"in": ["EU", "US"]}, "attributes.age": {"gte": 18},
///  "active_within_days": 7}
/// ```
///
/// Fields: `tier`, `region`, `language` (columns of the audience), `attributes.<name>` (any
/// recipient attribute), and `active_within_days` (a whole number of days, 1…3650). A plain
/// value means equality; an object holds operators: `eq`, `in`, `not_in` (non-empty lists), and
/// `gte` / `lte` (numbers, attributes only; both may be given for a range). A recipient without
/// an attribute matches no condition on it, not even `not_in`. `{}` is every active recipient.
public struct Cohort: Sendable, Hashable {
    public var conditions: [CohortCondition]

    public init(_ conditions: [CohortCondition]) { self.conditions = conditions }
}

/// A field a condition can test.
public enum CohortField: Sendable, Hashable, CustomStringConvertible {
    case tier
    case region
    case language
    /// A recipient attribute, written `attributes.<name>`.
    case attribute(String)

    public var description: String {
        switch self {
        case .tier: "tier"
        case .region: "region"
        case .language: "language"
        case .attribute(let name): "attributes.\(name)"
        }
    }
}

/// One condition of a cohort.
public enum CohortCondition: Sendable, Hashable {
    case equals(CohortField, String)
    case isIn(CohortField, [String])
    case notIn(CohortField, [String])
    /// Numeric comparison; recipients whose attribute is not a number don't match.
    case atLeast(CohortField, Double)
    case atMost(CohortField, Double)
    /// Last seen (an update from the user) within this many days.
    case activeWithinDays(Int)
}
