import EventStore
import Foundation
import HeraldTestSupport
import Testing

/// The /broadcast conversation an admin has with the bot, the simulator playing the admin.
@Suite(.timeLimit(.minutes(5))) struct ConversationTests {
    static let admin: Int64 = 900
    static let environment = ["HERALD_ADMIN_IDS": "900, 905"]

    @Test func anAdminComposesAndSendsABroadcastAcrossARestartOfHeraldRun() async throws {
        try await SendingRig.with { rig in
            try await rig.importRecipients(12, tier: { $0 % 3 == 0 ? "silver" : "gold" })
            try await rig.createTemplate("promo")
            var (run, _) = try await rig.startIntake(.webhook, Self.environment)
            try await rig.act("text", ["user_id": Self.admin, "text": "/broadcast"])
            let picker = try await rig.awaitMessage(chat: Self.admin, containing: "Pick a template")
            try await rig.press("promo", on: picker, as: Self.admin)
            _ = try await rig.awaitMessage(chat: Self.admin, containing: "Sale today")
            let audience = try await rig.awaitMessage(chat: Self.admin, containing: "Who should receive it?")
            try await rig.press("A cohort (type JSON)", on: audience, as: Self.admin)
            _ = try await rig.awaitMessage(chat: Self.admin, containing: "Type the cohort as JSON")
            try await rig.act("text", ["user_id": Self.admin, "text": #"{"tierr": "gold"}"#])
            let refusal = try await rig.awaitMessage(chat: Self.admin, containing: "Invalid cohort")
            #expect((refusal["text"] as? String)?.contains("tierr") == true, "the refusal names the field")
            try await rig.act("text", ["user_id": Self.admin, "text": #"{"tier": "gold"}"#])
            let ready = try await rig.awaitMessage(chat: Self.admin, containing: "Ready to send promo to 8 users.")

            // The conversation is in the database, not in the process.
            _ = await run.stopAndRead()
            (run, _) = try await rig.startIntake(.webhook, Self.environment)
            defer { run.stop() }
            try await rig.press("Send", on: ready, as: Self.admin)
            let report = try await rig.awaitMessage(chat: Self.admin, containing: "is sending to 8 users")
            let words = (report["text"] as? String ?? "").split(separator: " ")
            let broadcast = try #require(words.compactMap { UUID(uuidString: String($0)) }.first)
            _ = try await rig.awaitEvent(broadcast, ["broadcast.completed"])
            let created = try #require(
                try await EventStore(configuration: rig.db.url, maximumConnections: 1).readStream(
                    "broadcast-\(broadcast.uuidString.lowercased())"
                ).first)
            #expect(created.metadata.text.contains(#""telegram:900""#), "the admin is the actor")
            #expect(try await rig.count("message.sent", broadcast) == 8)
            // The report's Progress button answers with the figures.
            let answered = try #require(try await rig.counters()["callbacks_answered"] as? Int)
            try await rig.press("Progress", on: report, as: Self.admin)
            try await rig.until("every press is answered") {
                let counters = try await rig.counters()
                return counters["callbacks_unanswered"] as? Int == 0
                    && counters["callbacks_answered"] as? Int == answered + 1
            }
        }
    }

    @Test func cancelExpiryAndRefusalRecordNothing() async throws {
        try await SendingRig.with { rig in
            try await rig.importRecipients(3)
            try await rig.createTemplate("promo")
            let (run, _) = try await rig.startIntake(.webhook, Self.environment)
            defer { run.stop() }
            let head = try await rig.head()

            // Not an admin: a polite refusal.
            try await rig.act("text", ["user_id": 901, "text": "/broadcast"])
            _ = try await rig.awaitMessage(chat: 901, containing: "only for this bot's admins")

            // /cancel leaves; a button of the ended conversation is answered and does nothing.
            try await rig.act("text", ["user_id": Self.admin, "text": "/broadcast"])
            let picker = try await rig.awaitMessage(chat: Self.admin, containing: "Pick a template")
            try await rig.act("text", ["user_id": Self.admin, "text": "/cancel"])
            let canceled = try await rig.awaitMessage(chat: Self.admin, containing: "Canceled; nothing was sent.")
            try await rig.press("promo", on: picker, as: Self.admin)
            try await rig.until("the stale press is answered") {
                try await rig.counters()["callbacks_unanswered"] as? Int == 0
            }
            #expect(
                try await rig.messages(chat: Self.admin).last?["message_id"] as? Int == canceled["message_id"] as? Int)

            // Fifteen idle minutes end a conversation.
            try await rig.act("text", ["user_id": 905, "text": "/broadcast"])
            let second = try await rig.awaitMessage(chat: 905, containing: "Pick a template")
            _ = try await rig.db.connect().execute(
                "UPDATE herald.conversations SET updated_at = now() - interval '16 minutes' WHERE admin_id = 905")
            try await rig.press("promo", on: second, as: 905)
            try await rig.until("the expired press is answered") {
                try await rig.counters()["callbacks_unanswered"] as? Int == 0
            }
            #expect(try await rig.messages(chat: 905).last?["message_id"] as? Int == second["message_id"] as? Int)
            #expect(try await rig.head() == head, "no step of a conversation that did not send records an event")
        }
    }
}
