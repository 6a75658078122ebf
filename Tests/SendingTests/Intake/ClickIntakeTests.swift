import Broadcasting
import Foundation
import HeraldTestSupport
import Testing

/// CTA presses through `herald run`, by webhook and by long polling, the simulator playing the
/// users: one unique click per (user, button), the rest taps, a redelivered update a no-op, and
/// every callback query answered.
@Suite(.timeLimit(.minutes(5))) struct ClickIntakeTests {
    @Test(arguments: SendingRig.Intake.allCases)
    func pressesCountOnceAndEveryQueryIsAnswered(_ intake: SendingRig.Intake) async throws {
        try await SendingRig.with { rig in
            try await rig.importRecipients(30)
            try await rig.createTemplate()
            let (run, _) = try await rig.startIntake(intake)
            defer { run.stop() }
            let broadcast = try await rig.send()
            _ = try await rig.awaitEvent(broadcast, ["broadcast.completed"])
            func message(_ user: Int64) async throws -> Int {
                try #require(try await rig.messages(chat: user).first?["message_id"] as? Int)
            }

            // One user presses five times; the simulator then delivers the last press again.
            let first = try await message(1)
            var last: [String: Any] = [:]
            for _ in 0..<5 { last = try await rig.act("press", ["user_id": 1, "message_id": first]) }
            // Twenty-nine others press at once.
            let others = try await withThrowingTaskGroup(of: (Int64, Int).self) { group in
                for user in Int64(2)...30 { group.addTask { (user, try await message(user)) } }
                return try await group.reduce(into: [(Int64, Int)]()) { $0.append($1) }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (user, id) in others {
                    group.addTask { try await rig.act("press", ["user_id": user, "message_id": id]) }
                }
                try await group.waitForAll()
            }
            let clickPrefix = "click-\(broadcast.uuidString.lowercased())-"
            try await rig.until("34 presses are recorded and answered") {
                let unanswered = try await rig.counters()["callbacks_unanswered"] as? Int
                return try await rig.events("cta.clicked", streamPrefix: clickPrefix) == 34 && unanswered == 0
            }
            if intake == .webhook {
                let update = try #require((last["update"] as? [String: Any])?["update_id"] as? Int)
                let head = try await rig.head()
                let before = try #require(try await rig.counters()["webhook_deliveries"] as? Int)
                try await rig.act("redeliver", ["update_id": update])
                try await rig.until("the redelivered press is delivered and answered") {
                    let counters = try await rig.counters()
                    return counters["webhook_deliveries"] as? Int == before + 1
                        && counters["callbacks_unanswered"] as? Int == 0
                }
                #expect(try await rig.head() == head, "a redelivered update records nothing")
            }
            let perUser = try await rig.db.connect().query(
                """
                SELECT count(*) FILTER (WHERE stream_version = 1), count(*) FILTER (WHERE stream = \(clickPrefix + "1-buy"))
                FROM herald.events WHERE type = 'cta.clicked' AND stream LIKE \(clickPrefix + "%")
                """)[0]
            #expect(try perUser.decode(Int.self, at: 0) == 30, "one unique click per user")
            #expect(try perUser.decode(Int.self, at: 1) == 5, "five presses of user 1: one click, four taps")
            let counters = try await rig.counters()
            #expect(counters["callbacks_unanswered"] as? Int == 0)
            #expect(counters["callbacks_answered"] as? Int == (intake == .webhook ? 35 : 34))
        }
    }

    @Test func aPressOnACanceledBroadcastIsAnsweredAndRecordsNothing() async throws {
        try await SendingRig.with { rig in
            try await rig.importRecipients(20)
            try await rig.createTemplate()
            // One message a second, so the broadcast is canceled with most of it unsent.
            let (run, _) = try await rig.startIntake(.webhook, ["HERALD_RATE": "1"])
            defer { run.stop() }
            let broadcast = try await rig.send()
            _ = try await rig.until("a first message is sent") {
                try await rig.count("message.sent", broadcast) > 0
            }
            try await rig.herald("broadcast", "cancel", broadcast.uuidString)
            let (user, message) = try #require(
                try await (1...20).asyncFirst { user in
                    try await rig.messages(chat: Int64(user)).first?["message_id"] as? Int
                })
            try await rig.act("press", ["user_id": user, "message_id": message])
            try await rig.until("the press is answered") {
                try await rig.counters()["callbacks_answered"] as? Int == 1
            }
            // The canceled broadcast's released recipients may still be recorded; no click is.
            #expect(try await rig.events("cta.clicked") == 0)
        }
    }
}

extension ClosedRange<Int> {
    /// The first element with a value, and that value.
    func asyncFirst<T>(_ value: (Int) async throws -> T?) async rethrows -> (Int, T)? {
        for element in self { if let found = try await value(element) { return (element, found) } }
        return nil
    }
}

extension ClickIntakeTests {
    @Test func aCallbackButtonsFollowUpIsSentAtTheFirstPressOnly() async throws {
        try await SendingRig.with { rig in
            try await rig.importRecipients(2)
            try await rig.herald(
                "template", "create", "--name", "code", "--text", "Spring sale\\.", "--button",
                "Get code|callback:code|Your code: SPRING10")
            let (run, _) = try await rig.startIntake(.webhook)
            defer { run.stop() }
            let broadcast = try await rig.send(template: "code")
            _ = try await rig.awaitEvent(broadcast, ["broadcast.completed"])
            let message = try #require(try await rig.messages(chat: 1).first)
            try await rig.press("Get code", on: message, as: 1)
            _ = try await rig.awaitMessage(chat: 1, containing: "Your code: SPRING10")
            try await rig.press("Get code", on: message, as: 1)
            try await rig.until("both presses are recorded and answered") {
                let unanswered = try await rig.counters()["callbacks_unanswered"] as? Int
                return try await rig.events("cta.clicked") == 2 && unanswered == 0
            }
            try await rig.drained()
            #expect(
                try await rig.messages(chat: 1).filter { ($0["text"] as? String)?.contains("SPRING10") == true }.count
                    == 1)
        }
    }
}
