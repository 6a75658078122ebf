/// A cohort as a parameterised query: `sql` refers to values only as `$1…$n`.
public struct CohortQuery: Sendable, Hashable {
    public var sql: String
    /// `values[i]` binds `$(i+1)`.
    public var values: [CohortValue]
}

extension Cohort {
    /// The audience read model the query runs over. Columns:
    /// `user_id bigint, chat_id bigint, status text ('active' | 'blocked'), tier text, region text,
    /// language text, attributes jsonb (string values), last_active_at timestamptz`.
    public static let audienceTable = "audience"

    /// `select user_id, chat_id from audience where status = 'active' and …`, ordered by user_id.
    ///
    /// Every value, attribute names included, is a bind parameter: an operator's cohort can't
    /// change the query's text. Blocked recipients are excluded whatever the conditions say.
    public func query() -> CohortQuery {
        var values: [CohortValue] = []
        func bind(_ value: CohortValue) -> String {
            values.append(value)
            return "$\(values.count)"
        }
        func column(_ field: CohortField) -> String {
            switch field {
            case .tier: "tier"
            case .region: "region"
            case .language: "language"
            case .attribute(let name): "(attributes ->> \(bind(.text(name)))::text)"
            }
        }
        func numeric(_ field: CohortField) -> String {
            let text = column(field)
            return "(case when \(text) ~ '^-?[0-9]+(\\.[0-9]+)?$' then (\(text))::numeric end)"
        }
        var predicates = ["status = 'active'"]
        for condition in conditions {
            switch condition {
            case .equals(let field, let value):
                predicates.append("\(column(field)) = \(bind(.text(value)))")
            case .isIn(let field, let list):
                predicates.append("\(column(field)) = any(\(bind(.texts(list)))::text[])")
            case .notIn(let field, let list):
                let column = column(field)
                predicates.append("(\(column) is not null and not (\(column) = any(\(bind(.texts(list)))::text[])))")
            case .atLeast(let field, let number):
                predicates.append("\(numeric(field)) >= \(bind(.number(number)))::numeric")
            case .atMost(let field, let number):
                predicates.append("\(numeric(field)) <= \(bind(.number(number)))::numeric")
            case .activeWithinDays(let days):
                predicates.append("last_active_at >= now() - make_interval(days => \(bind(.integer(days)))::int)")
            }
        }
        let sql =
            "select user_id, chat_id from \(Self.audienceTable) where "
            + predicates.joined(separator: " and ") + " order by user_id"
        return CohortQuery(sql: sql, values: values)
    }
}
