import Foundation
import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct CohortParsingTests {
    func cohort(_ json: String) throws -> Cohort { try Cohort(json: Data(json.utf8)) }

    @Test func parsesTheDesignExample() throws {
        let parsed = try cohort(#"{"tier": "premium", "region": {"in": ["EU","US"]}, "active_within_days": 7}"#)
        #expect(
            parsed.conditions == [
                .activeWithinDays(7), .isIn(.region, ["EU", "US"]), .equals(.tier, "premium"),
            ])
    }

    @Test func parsesAttributesAndRanges() throws {
        let parsed = try cohort(
            #"{"attributes.age": {"gte": 18, "lte": 30}, "attributes.vip": true, "language": {"not_in": ["ru"]}}"#)
        #expect(
            parsed.conditions == [
                .atLeast(.attribute("age"), 18), .atMost(.attribute("age"), 30),
                .equals(.attribute("vip"), "true"), .notIn(.language, ["ru"]),
            ])
    }

    @Test func emptyObjectIsEveryActiveRecipient() throws {
        #expect(try cohort("{}").conditions.isEmpty)
    }

    @Test func unknownFieldIsRejectedByName() {
        #expect(throws: CohortRejection.unknownField("country")) { try cohort(#"{"country": "BR"}"#) }
        #expect(throws: CohortRejection.unknownField("attributes.")) { try cohort(#"{"attributes.": "x"}"#) }
    }

    @Test func unknownOperatorIsRejectedByName() {
        #expect(throws: CohortRejection.unknownOperator("like", field: "tier")) {
            try cohort(#"{"tier": {"like": "prem%"}}"#)
        }
    }

    @Test func badValuesAreRejected() {
        #expect(throws: CohortRejection.self) { try cohort(#"{"tier": {"gte": 3}}"#) }
        #expect(throws: CohortRejection.self) { try cohort(#"{"region": {"in": []}}"#) }
        #expect(throws: CohortRejection.self) { try cohort(#"{"tier": 3}"#) }
        #expect(throws: CohortRejection.self) { try cohort(#"{"active_within_days": 1.5}"#) }
        #expect(throws: CohortRejection.self) { try cohort(#"{"active_within_days": 0}"#) }
        #expect(throws: CohortRejection.self) { try cohort(#"{"attributes.age": {"gte": "old"}}"#) }
        #expect(throws: CohortRejection.notAnObject) { try cohort(#"["tier"]"#) }
        #expect(throws: CohortRejection.notAnObject) { try cohort("not json") }
    }
}
