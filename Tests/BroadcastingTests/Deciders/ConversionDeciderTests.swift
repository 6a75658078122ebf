import Foundation
import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct ConversionDeciderTests {
    let broadcastID = UUID()
    let conversionID = UUID()

    func context(
        _ status: BroadcastStatus? = .sending, recipientKnown: Bool = true, inAudience: Bool = true
    ) -> ConversionContext {
        var broadcast = BroadcastState()
        broadcast.status = status
        return ConversionContext(broadcast: broadcast, recipientKnown: recipientKnown, inAudience: inAudience)
    }

    func mark(user: Int64 = 7, goal: String = "purchase", value: Double? = 19.99) -> MarkConversion {
        MarkConversion(conversionID: conversionID, broadcastID: broadcastID, userID: user, goal: goal, value: value)
    }

    @Test func marksAConversionOfATargetedRecipient() throws {
        for status in [BroadcastStatus.sending, .paused, .completed, .canceled, .failed] {
            let events = try ConversionDecider.decide(mark(), exists: false, context(status)).get()
            let marked = try #require(events.first as? ConversionMarked, "\(status)")
            #expect(events.count == 1)
            #expect(marked.conversionID == conversionID)
            #expect(marked.broadcastID == broadcastID)
            #expect(marked.userID == 7)
            #expect(marked.goal == "purchase")
            #expect(marked.value == 19.99)
            #expect(marked.stream == StreamName.conversion(conversionID))
        }
        let free = try ConversionDecider.decide(mark(value: nil), exists: false, context()).get()
        #expect((free.first as? ConversionMarked)?.value == nil)
        for edge in [0, ConversionDecider.maximumValue] {
            let marked = try ConversionDecider.decide(mark(value: edge), exists: false, context()).get()
            #expect((marked.first as? ConversionMarked)?.value == edge)
        }
    }

    @Test func refusals() {
        let cases: [(MarkConversion, Bool, ConversionContext, DecisionRejection)] = [
            (mark(), true, context(), .conversionMarked(conversionID)),
            (mark(), false, context(nil), .unknownBroadcast),
            (mark(user: 9), false, context(recipientKnown: false), .unknownRecipient(9)),
            (mark(), false, context(inAudience: false), .notInAudience(7)),
            (mark(), false, context(.draft), .notAllowed("mark a conversion of", when: "draft")),
            (mark(), false, context(.scheduled), .notAllowed("mark a conversion of", when: "scheduled")),
            (mark(goal: ""), false, context(), .invalidGoal("")),
            (mark(goal: "Big Sale"), false, context(), .invalidGoal("Big Sale")),
            (
                mark(goal: String(repeating: "a", count: 65)), false, context(),
                .invalidGoal(String(repeating: "a", count: 65))
            ),
            (mark(value: -1), false, context(), .invalidConversionValue(-1)),
            (mark(value: .infinity), false, context(), .invalidConversionValue(.infinity)),
            (mark(value: 1.7e308), false, context(), .invalidConversionValue(1.7e308)),
            (mark(value: 1e9.nextUp), false, context(), .invalidConversionValue(1e9.nextUp)),
        ]
        for (command, exists, context, rejection) in cases {
            #expect(throws: rejection) { try ConversionDecider.decide(command, exists: exists, context).get() }
        }
        #expect(throws: DecisionRejection.self) {
            try ConversionDecider.decide(mark(value: .nan), exists: false, context()).get()
        }
    }
}
