/// Why a cohort is not valid; names the field or operator at fault.
public struct CohortRejection: Error, Equatable, CustomStringConvertible {
    public let description: String
    /// The cohort field at fault (`tier`, `attributes.plan`, …); nil when the whole cohort is.
    public let field: String?

    init(description: String, field: String? = nil) {
        self.description = description
        self.field = field
    }

    public static let notAnObject = CohortRejection(description: "a cohort is a JSON object of field conditions")

    public static func unknownField(_ name: String) -> CohortRejection {
        CohortRejection(
            description: "unknown cohort field \"\(name)\"; use tier, region, language, attributes.<name> "
                + "or active_within_days", field: name)
    }

    public static func unknownOperator(_ name: String, field: String) -> CohortRejection {
        CohortRejection(
            description: "unknown operator \"\(name)\" on \(field); use eq, in, not_in, gte or lte", field: field)
    }

    public static func invalidValue(field: String, _ reason: String) -> CohortRejection {
        CohortRejection(description: "\(field): \(reason)", field: field)
    }
}
