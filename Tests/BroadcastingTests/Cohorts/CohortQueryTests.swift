import Foundation
import PropertyBased
import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct CohortQueryTests {
    @Test func compilesToBindParametersAndExcludesBlocked() throws {
        let json = JSONValue.object([
            "tier": .string("premium"), "region": .object(["in": .array([.string("EU"), .string("US")])]),
            "active_within_days": .number(7),
        ])
        let query = try Cohort(json).query()
        #expect(
            query.sql
                == "select user_id, chat_id from audience where status = 'active' "
                + "and last_active_at >= now() - make_interval(days => $1::int) "
                + "and region = any($2::text[]) and tier = $3 order by user_id")
        #expect(query.values == [.integer(7), .texts(["EU", "US"]), .text("premium")])
    }

    @Test func attributeNamesAreBoundToo() {
        let query = Cohort([.atLeast(.attribute("age'; drop table x; --"), 18)]).query()
        #expect(!query.sql.contains("drop"))
        #expect(query.values == [.text("age'; drop table x; --"), .number(18)])
        #expect(query.sql.contains(">= $2::numeric"))
    }

    @Test func emptyCohortIsEveryActiveRecipient() {
        #expect(
            Cohort([]).query().sql == "select user_id, chat_id from audience where status = 'active' order by user_id")
    }

    /// Strings an attacker would try, each with a character the query's own text never has.
    static let hostile = zip(
        Gen<Character?>.element(of: Array("ab'\"\\;-– $1%_日é🙂\n")).map { $0 ?? "a" }.string(of: 0...12),
        Gen<String?>.element(of: ["';", "--", "'; drop table audience; --", "日本", "é", "🙂", "\"; --"]).map {
            $0 ?? ";"
        }
    ).map { $0 + $1 }

    /// Cohort JSON using every operator, with hostile strings and arbitrary numbers.
    static let cohorts = zip(hostile, hostile, hostile, hostile, Gen.double(in: -1e6...1e6), Gen.int(in: 1...3650))
        .map { (tier: String, region: String, name: String, value: String, number: Double, days: Int) -> JSONValue in
            .object([
                "tier": .string(tier), "region": .object(["not_in": .array([.string(region), .string(value)])]),
                // An attribute's name has no control characters (a newline is refused by name).
                "attributes.\(name.filter { $0 != "\n" })": .object(["eq": .string(value), "gte": .number(number)]),
                "active_within_days": .number(Double(days)),
            ])
        }

    @Test func valuesNeverAppearInTheSQLText() async {
        await propertyCheck(input: Self.cohorts) { json in
            let query = try Cohort(json).query()
            for case .text(let value) in query.values { #expect(!query.sql.contains(value)) }
            for case .texts(let list) in query.values {
                for value in list { #expect(!query.sql.contains(value)) }
            }
            let placeholders = Set(query.sql.matches(of: /\$([0-9]+)/).map { Int($0.1) ?? 0 })
            #expect(placeholders == Set(1...query.values.count))
        }
    }

    @Test func sqlTextDependsOnlyOnTheCohortsShape() async {
        await propertyCheck(input: Self.cohorts, Self.cohorts) { first, second in
            let firstSQL = try? Cohort(first).query().sql
            let secondSQL = try? Cohort(second).query().sql
            #expect(firstSQL != nil && firstSQL == secondSQL)
        }
    }
}
