/// Why a cohort is not valid; names the field or operator at fault.
public struct CohortRejection: Error, Equatable, CustomStringConvertible {
    public let description: String

    public static let notAnObject = CohortRejection(description: "a cohort is a JSON object of field conditions")

    public static func unknownField(_ name: String) -> CohortRejection {
        CohortRejection(
            description: "unknown cohort field \"\(name)\"; use tier, region, language, attributes.<name> "
                + "or active_within_days")
    }

    public static func unknownOperator(_ name: String, field: String) -> CohortRejection {
        CohortRejection(
            description: "unknown operator \"\(name)\" on \(field); use eq, in, not_in, gte or lte")
    }

    public static func invalidValue(field: String, _ reason: String) -> CohortRejection {
        CohortRejection(description: "\(field): \(reason)")
    }
}
