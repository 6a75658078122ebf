import Foundation
import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct RotationDeciderTests {
    let id = UUID()
    let promo = UUID()
    let teaser = UUID()
    let retired = UUID()
    /// A template the context knows nothing of.
    let stranger = UUID()
    let now = Timestamp(Date(timeIntervalSince1970: 1_800_000_000))
    var context: RotationContext {
        var live = TemplateState()
        live.exists = true
        var archived = live
        archived.archived = true
        return RotationContext(
            now: now, templates: [promo: live, teaser: live, retired: archived],
            templateNames: [promo: "promo", teaser: "teaser", retired: "old-promo"])
    }

    func create(
        name: String = "daily", chats: [Int64] = [-1_001, -1_002], templates: [UUID]? = nil, every: Int = 3_600,
        startsAt: Timestamp? = nil
    ) -> RotationCommand {
        .create(
            rotationID: id, name: name, chatIDs: chats, templateIDs: templates ?? [promo, teaser],
            intervalSeconds: every, startsAt: startsAt ?? now)
    }

    /// Decides and folds `commands` in turn; `context` replaces the default one after the first command,
    /// so a rotation created now can record outcomes later.
    func run(_ commands: [RotationCommand], context: RotationContext? = nil) throws -> (
        RotationState, [any DomainEvent]
    ) {
        var state = RotationState()
        var all: [any DomainEvent] = []
        for (index, command) in commands.enumerated() {
            let events = try RotationDecider.decide(command, state, index == 0 ? self.context : context ?? self.context)
                .get()
            state = events.reduce(state, RotationDecider.evolve)
            all += events
        }
        return (state, all)
    }

    /// The context an hour and a bit later, when slot 1 is due.
    var later: RotationContext {
        var context = self.context
        context.now = Timestamp(now.date.addingTimeInterval(3_700))
        return context
    }

    @Test func createRecordsTheRotationAndClaimsItsName() throws {
        let (state, events) = try run([create(chats: [-1_001, -1_002, -1_001])])
        let created = try #require(events.first as? RotationCreated)
        #expect(created.chatIDs == [-1_001, -1_002], "a chat given twice is posted to once")
        #expect(created.templateIDs == [promo, teaser])
        #expect(created.intervalSeconds == 3_600)
        #expect(created.startsAt == now)
        #expect(events.last as? RotationNameClaimed == RotationNameClaimed(rotationID: id, name: "daily"))
        #expect(events.last?.stream == "rotation-name-daily")
        #expect(state.status == .active)
        #expect(state.nextSequence == 0)
    }

    @Test func aTemplateMayComeTwiceInTheTurn() throws {
        let (state, _) = try run([create(templates: [promo, teaser, promo])])
        #expect(state.schedule?.templateIDs == [promo, teaser, promo])
    }

    @Test func createRejections() {
        let cases: [(RotationCommand, DecisionRejection)] = [
            (create(name: "bad name"), .invalidRotationName("bad name")),
            (create(name: ""), .invalidRotationName("")),
            (create(name: id.uuidString), .invalidRotationName(id.uuidString)),
            (create(chats: []), .noChats),
            (create(chats: [-1_001, 0]), .invalidChat),
            (create(templates: []), .noTemplates),
            (create(templates: [promo, stranger]), .unknownTemplate(named: stranger.uuidString.lowercased())),
            (create(templates: [retired]), .templateArchived(named: "old-promo")),
            (create(every: 59), .intervalTooShort(RotationInterval(seconds: 59))),
            (create(every: 366 * 86_400 + 1), .intervalTooLong(RotationInterval(seconds: 366 * 86_400 + 1))),
            (
                create(startsAt: Timestamp(now.date.addingTimeInterval(-1))),
                .timeInPast(Timestamp(now.date.addingTimeInterval(-1)))
            ),
        ]
        for (command, rejection) in cases {
            #expect(throws: rejection) { try run([command]) }
        }
        #expect(throws: DecisionRejection.alreadyExists) { try run([create(), create()]) }
    }

    @Test func unknownTemplateNamesTheTemplateWhenTheContextKnowsIt() {
        var context = self.context
        context.templates[teaser] = TemplateState()
        #expect(throws: DecisionRejection.unknownTemplate(named: "teaser")) {
            try RotationDecider.decide(create(), RotationState(), context).get()
        }
    }

    @Test func pauseAndResumeToggle() throws {
        let (paused, events) = try run([create(), .pause(rotationID: id)])
        #expect(paused.status == .paused)
        #expect(events.last as? RotationPaused == RotationPaused(rotationID: id))
        let (resumed, _) = try run([create(), .pause(rotationID: id), .resume(rotationID: id)])
        #expect(resumed.status == .active)
    }

    @Test func pauseAndResumeRejections() {
        #expect(throws: DecisionRejection.rotationAlready(.paused)) {
            try run([create(), .pause(rotationID: id), .pause(rotationID: id)])
        }
        #expect(throws: DecisionRejection.rotationAlready(.active)) { try run([create(), .resume(rotationID: id)]) }
        #expect(throws: DecisionRejection.unknownRotation) { try run([.pause(rotationID: id)]) }
        #expect(throws: DecisionRejection.unknownRotation) { try run([.resume(rotationID: id)]) }
    }

    @Test func recordedOutcomesNameTheSlotsTemplateAndMoveTheNextSequence() throws {
        let (state, events) = try run(
            [
                create(), .recordPost(rotationID: id, sequence: 0, chatID: -1_001, messageID: 7),
                .recordFailure(
                    rotationID: id, sequence: 0, chatID: -1_002, errorClass: .recipientGone, code: 403,
                    description: "Forbidden: bot was kicked"),
                .recordPost(rotationID: id, sequence: 1, chatID: -1_002, messageID: 8),
            ], context: later)
        let posts = events.compactMap { $0 as? RotationPosted }
        #expect(posts.map(\.templateID) == [promo, teaser])
        #expect(posts.map(\.chatID) == [-1_001, -1_002])
        #expect((events.compactMap { $0 as? RotationPostFailed }.first)?.templateID == promo)
        #expect(state.nextSequence == 2)
    }

    @Test func aPausedRotationStillRecordsAPostThatWasInFlight() throws {
        let (state, _) = try run(
            [create(), .pause(rotationID: id), .recordPost(rotationID: id, sequence: 0, chatID: -1_001, messageID: 7)])
        #expect(state.status == .paused)
        #expect(state.nextSequence == 1)
    }

    @Test func outcomeRejections() {
        let post = { (sequence: Int, chat: Int64) in
            RotationCommand.recordPost(rotationID: self.id, sequence: sequence, chatID: chat, messageID: 1)
        }
        let slotOne = Timestamp(now.date.addingTimeInterval(3_600))
        #expect(throws: DecisionRejection.unknownRotation) { try run([post(0, -1_001)]) }
        #expect(throws: DecisionRejection.notARotationChat(42)) { try run([create(), post(0, 42)]) }
        #expect(throws: DecisionRejection.invalidSlot(-1)) { try run([create(), post(-1, -1_001)]) }
        #expect(throws: DecisionRejection.slotNotDue(1, at: slotOne)) { try run([create(), post(1, -1_001)]) }
        #expect(throws: DecisionRejection.slotRecorded(0, chat: -1_001)) {
            try run([create(), post(0, -1_001), post(0, -1_001)])
        }
        #expect(throws: DecisionRejection.slotOver(0, latest: 1)) {
            try run([create(), post(1, -1_001), post(0, -1_002)], context: later)
        }
        #expect(throws: DecisionRejection.slotRecorded(0, chat: -1_002)) {
            try run(
                [
                    create(),
                    .recordFailure(
                        rotationID: id, sequence: 0, chatID: -1_002, errorClass: .transient, code: 502,
                        description: "Bad Gateway"),
                    post(0, -1_002),
                ])
        }
    }

    @Test func aRejectedCommandLeavesNoEvents() {
        let result = RotationDecider.decide(.pause(rotationID: id), RotationState(), context)
        #expect(throws: DecisionRejection.unknownRotation) { try result.get() }
    }
}
