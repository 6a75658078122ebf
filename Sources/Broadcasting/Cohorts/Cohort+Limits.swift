/// How large a cohort may be, so that every cohort accepted can run: its query stays a few hundred
/// bind parameters (PostgreSQL takes 65,535) and a few megabytes at most.
///
/// A cohort is flat by its grammar (a field's value is a scalar, a list, or an object of operators
/// on scalars and lists), so its depth is at most three; anything deeper is refused as a value of
/// the wrong kind.
public enum CohortLimits {
    /// Fields (keys) and conditions (a field's operators) in one cohort.
    public static let maximumConditions = 64
    /// Values in one `in` or `not_in` list.
    public static let maximumListLength = 1_000
    /// Bytes of one compared value.
    public static let maximumValueBytes = 1_024
    /// Bytes of an attribute's name (`attributes.<name>`).
    public static let maximumAttributeNameBytes = 64

    static func checkFieldCount(_ count: Int) throws(CohortRejection) {
        guard count <= maximumConditions else { throw .tooManyConditions(count) }
    }

    static func check(value: String, field: CohortField) throws(CohortRejection) {
        let bytes = value.utf8.count
        guard bytes <= maximumValueBytes else {
            throw .invalidValue(field: "\(field)", "a value is \(bytes) bytes, over the \(maximumValueBytes) allowed")
        }
    }

    static func check(list: [JSONValue], field: CohortField) throws(CohortRejection) {
        guard list.count <= maximumListLength else {
            throw .invalidValue(
                field: "\(field)", "the list has \(list.count) values, over the \(maximumListLength) allowed")
        }
    }

    static func check(attribute name: String, key: String) throws(CohortRejection) {
        let bytes = name.utf8.count
        let control = name.unicodeScalars.contains { $0.properties.generalCategory == .control }
        guard bytes <= maximumAttributeNameBytes, !control else {
            throw CohortRejection(
                description: "\(key.quotedShort): an attribute name is 1 to \(maximumAttributeNameBytes) bytes "
                    + "without control characters", field: key.quotedShort)
        }
    }
}

extension CohortRejection {
    static func tooManyConditions(_ count: Int) -> CohortRejection {
        CohortRejection(
            description: "the cohort has \(count) conditions, over the \(CohortLimits.maximumConditions) allowed")
    }
}
