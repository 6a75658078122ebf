import Foundation
import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct BroadcastDeciderTests {
    let id = UUID()
    let templateID = UUID()
    let now = Timestamp(Date(timeIntervalSince1970: 1_800_000_000))
    var context: BroadcastContext {
        var template = TemplateState()
        template.exists = true
        template.revision = 3
        template.body = "Hi {{ first_name|default:\"there\" }}, *{{ tier }}* deals"
        return BroadcastContext(now: now, templates: [templateID: template], audienceChunkSize: 2)
    }

    func run(_ commands: [BroadcastCommand]) throws -> (BroadcastState, [any DomainEvent]) {
        var state = BroadcastState()
        var all: [any DomainEvent] = []
        for command in commands {
            let events = try BroadcastDecider.decide(command, state, context).get()
            state = events.reduce(state, BroadcastDecider.evolve)
            all += events
        }
        return (state, all)
    }

    var create: BroadcastCommand {
        .create(
            broadcastID: id, templateID: templateID, title: "Sale", cohort: .object(["tier": .string("gold")]),
            delivery: .atMostOnce, paid: false)
    }

    @Test func fullLifeEndsCompleted() throws {
        let later = Timestamp(now.date.addingTimeInterval(60))
        let (state, events) = try run([
            create, .schedule(broadcastID: id, sendAt: later), .start(broadcastID: id, audience: [1, 2, 3]),
            .pause(broadcastID: id, reason: nil), .resume(broadcastID: id),
            .complete(broadcastID: id, sent: 3, failed: 0, unknown: 0),
        ])
        #expect(state.status == .completed)
        #expect((events[2] as? BroadcastStarted)?.templateRevision == 3)
        let chunks = events.compactMap { $0 as? BroadcastAudienceResolved }
        #expect(chunks.map(\.userIDs) == [[1, 2], [3]])
        #expect(chunks.allSatisfy { $0.chunkCount == 2 })
    }

    @Test func onlyADraftCanBeRevised() throws {
        #expect(throws: DecisionRejection.notAllowed("revise", when: "sending")) {
            try run([
                create, .start(broadcastID: id, audience: [1]),
                .revise(broadcastID: id, templateID: nil, title: "x", cohort: nil),
            ])
        }
        #expect(throws: DecisionRejection.unknownBroadcast) {
            try run([.revise(broadcastID: id, templateID: nil, title: "x", cohort: nil)])
        }
    }

    @Test func rejectionsFromTheDesign() {
        #expect(throws: DecisionRejection.unknownTemplate) {
            try run([
                .create(
                    broadcastID: id, templateID: UUID(), title: "t", cohort: .object([:]), delivery: .atMostOnce,
                    paid: false)
            ])
        }
        #expect(throws: DecisionRejection.invalidCohort(.unknownField("country"))) {
            try run([
                .create(
                    broadcastID: id, templateID: templateID, title: "t", cohort: .object(["country": .string("BR")]),
                    delivery: .atMostOnce, paid: false)
            ])
        }
        #expect(throws: DecisionRejection.emptyAudience) { try run([create, .start(broadcastID: id, audience: [])]) }
        #expect(throws: DecisionRejection.timeInPast(now)) {
            try run([create, .schedule(broadcastID: id, sendAt: now)])
        }
        #expect(throws: DecisionRejection.notAllowed("complete", when: "draft")) {
            try run([create, .complete(broadcastID: id, sent: 0, failed: 0, unknown: 0)])
        }
        #expect(throws: DecisionRejection.notAllowed("resume", when: "canceled")) {
            try run([create, .cancel(broadcastID: id, reason: nil), .resume(broadcastID: id)])
        }
    }

    /// The template must render for every member before anything is sent: the first who lacks a
    /// variable, or whose text would be over Telegram's limit, is named.
    @Test func anAudienceTheTemplateCannotRenderForIsRefused() throws {
        let template = try #require(context.templates[templateID])
        let fine = AudienceMember(userID: 1, variables: ["tier": "gold", "first_name": "Ann_(1)"])
        let lacking = AudienceMember(userID: 2, variables: ["first_name": "Bob"])
        let verbose = AudienceMember(userID: 3, variables: ["tier": String(repeating: "x", count: 4100)])
        #expect(throws: DecisionRejection.unrenderable(2, .unknownVariable("tier"))) {
            try BroadcastDecider.checkAudience([fine, lacking, verbose], template: template)
        }
        #expect(throws: DecisionRejection.unrenderable(3, .tooLong(4118))) {
            try BroadcastDecider.checkAudience([fine, verbose], template: template)
        }
        #expect(throws: DecisionRejection.emptyAudience) { try BroadcastDecider.checkAudience([], template: template) }
        #expect(throws: Never.self) { try BroadcastDecider.checkAudience([fine], template: template) }
    }

    @Test func aRejectedCommandLeavesNoEvents() {
        let result = BroadcastDecider.decide(.pause(broadcastID: id, reason: nil), BroadcastState(), context)
        #expect(throws: DecisionRejection.unknownBroadcast) { try result.get() }
    }
}
