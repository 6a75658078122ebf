import Foundation

extension Cohort {
    /// Parses a cohort from the JSON an operator wrote.
    public init(json: Data) throws(CohortRejection) {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: json)
        } catch {
            throw .notAnObject
        }
        try self.init(value)
    }

    /// Parses a cohort from JSON already decoded (as `broadcast.created` stores it). Keys are read
    /// in sorted order, so equal JSON gives equal cohorts and equal SQL.
    public init(_ json: JSONValue) throws(CohortRejection) {
        guard case .object(let fields) = json else { throw .notAnObject }
        try CohortLimits.checkFieldCount(fields.count)
        var conditions: [CohortCondition] = []
        for key in fields.keys.sorted() {
            guard let value = fields[key] else { continue }
            if key == "active_within_days" {
                conditions.append(.activeWithinDays(try Self.days(value)))
            } else {
                conditions += try Self.conditions(on: try Self.field(key), value)
            }
        }
        try CohortLimits.checkFieldCount(conditions.count)
        self.init(conditions)
    }

    private static func field(_ key: String) throws(CohortRejection) -> CohortField {
        switch key {
        case "tier": return .tier
        case "region": return .region
        case "language": return .language
        default:
            let prefix = "attributes."
            guard key.hasPrefix(prefix), key.count > prefix.count else { throw .unknownField(key.quotedShort) }
            let name = String(key.dropFirst(prefix.count))
            try CohortLimits.check(attribute: name, key: key)
            return .attribute(name)
        }
    }

    private static func conditions(on field: CohortField, _ value: JSONValue) throws(CohortRejection)
        -> [CohortCondition]
    {
        guard case .object(let operators) = value else { return [.equals(field, try text(value, field))] }
        guard !operators.isEmpty else { throw .invalidValue(field: "\(field)", "an empty operator object") }
        var conditions: [CohortCondition] = []
        for name in operators.keys.sorted() {
            guard let operand = operators[name] else { continue }
            switch name {
            case "eq": conditions.append(.equals(field, try text(operand, field)))
            case "in": conditions.append(.isIn(field, try list(operand, field)))
            case "not_in": conditions.append(.notIn(field, try list(operand, field)))
            case "gte": conditions.append(.atLeast(field, try number(operand, field, name)))
            case "lte": conditions.append(.atMost(field, try number(operand, field, name)))
            default: throw .unknownOperator(name.quotedShort, field: "\(field)")
            }
        }
        return conditions
    }

    /// A value compared as text: strings as they are; numbers and booleans as JSON writes them,
    /// because attributes are stored as strings.
    private static func text(_ value: JSONValue, _ field: CohortField) throws(CohortRejection) -> String {
        switch value {
        case .string(let text):
            try CohortLimits.check(value: text, field: field)
            return text
        case .number(let number) where field.isAttribute: return number.jsonText
        case .bool(let flag) where field.isAttribute: return flag ? "true" : "false"
        default: throw .invalidValue(field: "\(field)", "expected a string")
        }
    }

    private static func list(_ value: JSONValue, _ field: CohortField) throws(CohortRejection) -> [String] {
        guard case .array(let items) = value, !items.isEmpty else {
            throw .invalidValue(field: "\(field)", "in and not_in take a non-empty list")
        }
        try CohortLimits.check(list: items, field: field)
        var texts: [String] = []
        for item in items { texts.append(try text(item, field)) }
        return texts
    }

    private static func number(_ value: JSONValue, _ field: CohortField, _ name: String) throws(CohortRejection)
        -> Double
    {
        guard field.isAttribute else { throw .invalidValue(field: "\(field)", "\(name) applies to attributes only") }
        guard case .number(let number) = value, number.isFinite else {
            throw .invalidValue(field: "\(field)", "\(name) takes a number")
        }
        return number
    }

    private static func days(_ value: JSONValue) throws(CohortRejection) -> Int {
        guard case .number(let number) = value, number == number.rounded(), (1...3650).contains(number) else {
            throw .invalidValue(field: "active_within_days", "a whole number of days from 1 to 3650")
        }
        return Int(number)
    }
}

extension CohortField {
    var isAttribute: Bool {
        if case .attribute = self { true } else { false }
    }
}

extension Double {
    /// `7` rather than `7.0` for whole numbers, as the operator most likely wrote it.
    var jsonText: String {
        if self == rounded(), abs(self) < 1e15 { String(Int64(self)) } else { String(self) }
    }
}
