import Foundation
import Testing

@testable import Broadcasting

/// The limits the hostile-input review found missing, each refused by name where it is written.
@Suite(.timeLimit(.minutes(5))) struct DomainLimitsTests {
    static func decide(_ buttons: [TemplateButton]) -> Result<[any DomainEvent], DecisionRejection> {
        TemplateDecider.decide(.create(templateID: UUID(), name: "n", body: "Hi", buttons: buttons), .init())
    }

    static func reason(_ buttons: [TemplateButton]) -> String? {
        if case .failure(let rejection) = decide(buttons) { rejection.description } else { nil }
    }

    @Test func aKeyboardHoldsAtMostTelegramsHundredButtons() {
        let buttons = (0..<101).map { TemplateButton(id: "b\($0)", text: "B\($0)") }
        #expect(Self.reason(Array(buttons.prefix(100))) == nil)
        #expect(Self.reason(buttons) == "the template has 101 buttons, over Telegram's 100")
        #expect(throws: DecisionRejection.tooManyButtons(8000)) {
            try Self.decide((0..<8000).map { TemplateButton(id: "b\($0)", text: "B") }).get()
        }
    }

    @Test func urlsHaveNoWhitespaceOrControlCharactersAndAreBounded() {
        for url in ["https://a.example/x\r\nSet-Cookie: y", "https://a.example/a b", "https://a.example/\t", "https://a.example/\u{7F}", "https://a.example/\u{200B}"] {
            #expect(
                Self.reason([TemplateButton(id: "b", text: "B", url: url)])?.contains("whitespace or a control character") == true,
                "\(url.debugDescription)")
        }
        #expect(Self.reason([TemplateButton(id: "b", text: "B", url: "https://a.example/%0D%0A")]) == nil)
        let long = "https://a.example/" + String(repeating: "a", count: 2048 - 18)
        #expect(Self.reason([TemplateButton(id: "b", text: "B", url: long)]) == nil)
        #expect(Self.reason([TemplateButton(id: "b", text: "B", url: long + "a")])?.contains("2049 bytes, over the 2048") == true)
    }

    @Test func labelsAndButtonNamesAreBounded() {
        #expect(Self.reason([TemplateButton(id: "b", text: String(repeating: "é", count: 64))]) == nil)
        for label in [String(repeating: "a", count: 65), "", "   ", "a\nb", String(repeating: "x", count: 900_000)] {
            #expect(Self.reason([TemplateButton(id: "b", text: label)])?.hasPrefix("invalid button: button b: a label is 1 to 64") == true)
        }
        for name in ["", "a b", "a\u{0}b", String(repeating: "n", count: 65)] {
            #expect(
                Self.reason([TemplateButton(id: name, text: "B", url: "https://a.example/")])?.contains("button name") == true)
        }
    }

    static let context: BroadcastContext = {
        var template = TemplateState()
        template.exists = true
        return BroadcastContext(now: Timestamp(Date()), templates: [templateID: template])
    }()
    static let templateID = UUID()

    static func create(title: String, cohort: JSONValue = .object([:])) -> Result<[any DomainEvent], DecisionRejection> {
        BroadcastDecider.decide(
            .create(broadcastID: UUID(), templateID: templateID, title: title, cohort: cohort, delivery: .atMostOnce, paid: false),
            BroadcastState(), context)
    }

    @Test func titlesAreOneLineOfAtMostAHundredCharacters() throws {
        _ = try Self.create(title: String(repeating: "ü", count: 100)).get()
        #expect(throws: DecisionRejection.titleTooLong(101)) { try Self.create(title: String(repeating: "a", count: 101)).get() }
        #expect(throws: DecisionRejection.titleTooLong(900_000)) {
            try Self.create(title: String(repeating: "a", count: 900_000)).get()
        }
        #expect(throws: DecisionRejection.titleControlCharacter) { try Self.create(title: "Sale\r\nnow").get() }
        let revise = BroadcastDecider.decide(
            .revise(broadcastID: UUID(), templateID: nil, title: String(repeating: "a", count: 101), cohort: nil),
            BroadcastDecider.evolve(BroadcastState(), BroadcastCreated(broadcastID: UUID(), templateID: Self.templateID, title: "t", cohort: .object([:]), delivery: .atMostOnce, paid: false)),
            Self.context)
        #expect(throws: DecisionRejection.titleTooLong(101)) { try revise.get() }
    }

    static func cohortReason(_ json: JSONValue) -> String? {
        do {
            _ = try Cohort(json)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func everyAcceptedCohortCanRun() {
        let keys = { (count: Int) in
            JSONValue.object(Dictionary(uniqueKeysWithValues: (0..<count).map { ("attributes.k\($0)", JSONValue.string("v")) }))
        }
        #expect(Self.cohortReason(keys(64)) == nil)
        #expect(Self.cohortReason(keys(65)) == "the cohort has 65 conditions, over the 64 allowed")
        // The review's cohort: 34,000 keys passed as a draft, then every preview and send failed.
        #expect(Self.cohortReason(keys(34_000)) == "the cohort has 34000 conditions, over the 64 allowed")
        // Operators count as conditions.
        let operators = JSONValue.object(
            Dictionary(uniqueKeysWithValues: (0..<22).map {
                ("attributes.k\($0)", JSONValue.object(["gte": .number(1), "lte": .number(9), "eq": .string("5")]))
            }))
        #expect(Self.cohortReason(operators) == "the cohort has 66 conditions, over the 64 allowed")
        let list = { (count: Int) in JSONValue.object(["tier": .object(["in": .array((0..<count).map { .string("t\($0)") })])]) }
        #expect(Self.cohortReason(list(1000)) == nil)
        #expect(Self.cohortReason(list(1001)) == "tier: the list has 1001 values, over the 1000 allowed")
        #expect(Self.cohortReason(.object(["tier": .string(String(repeating: "p", count: 1025))])) == "tier: a value is 1025 bytes, over the 1024 allowed")
        #expect(
            Self.cohortReason(.object(["attributes." + String(repeating: "n", count: 65): .string("v")]))?.contains(
                "an attribute name is 1 to 64 bytes") == true)
        // Deeper than the grammar: a value of the wrong kind.
        #expect(Self.cohortReason(.object(["tier": .array([.array([.string("x")])])]))?.contains("expected a string") == true)
    }
}
