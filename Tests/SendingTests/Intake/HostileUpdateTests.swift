import Broadcasting
import Foundation
import HeraldTestSupport
import Testing

/// Updates a Telegram client can craft: presses from people a broadcast never reached or naming
/// its URL buttons, free text with a NUL, ids that are no one's. Each is answered 200 and records
/// nothing it should not, and none comes back as a redelivery.
@Suite(.timeLimit(.minutes(5))) struct HostileUpdateTests {
    static let secret = "hostile_secret"

    @Test func pressesFromOutsidersOrNamingAURLButtonCountNothing() async throws {
        try await SendingRig.with { rig in
            try await rig.importRecipients(6) { $0 == 1 ? "gold" : "silver" }
            try await rig.herald(
                "template", "create", "--name", "promo", "--text", "Sale today\\.", "--button", "Buy|callback:buy",
                "--button", "Site|https://example.com/shop")
            let (run, port) = try await rig.startIntake(.webhook, ["HERALD_WEBHOOK_SECRET": Self.secret])
            defer { run.stop() }
            let broadcast = try await rig.send()
            _ = try await rig.awaitEvent(broadcast, ["broadcast.completed"])
            let message = try #require(try await rig.messages(chat: 1).first)
            // Five users the broadcast never targeted press the one recipient's button.
            for outsider in Int64(2)...6 { try await rig.press("Buy", on: message, as: outsider) }
            try await rig.until("the outsiders' presses are answered") {
                let counters = try await rig.counters()
                return counters["callbacks_answered"] as? Int == 5 && counters["callbacks_unanswered"] as? Int == 0
            }
            // The recipient forges a press of the URL button (Telegram opens its link instead).
            let forged = "c:\(CallbackPayload.shortID(broadcast)):site"
            let (status, _) = try await postUpdate(
                port: port, body: Self.press(user: 1, data: forged), secret: Self.secret)
            #expect(status == 200)
            #expect(try await rig.events("cta.clicked") == 0, "no outsider and no URL button press counts")
            // The recipient's own press counts, once.
            try await rig.press("Buy", on: message, as: 1)
            try await rig.until("the recipient's click is recorded") {
                try await rig.events("cta.clicked") == 1
            }
            let clickPrefix = "click-\(broadcast.uuidString.lowercased())-1-buy"
            #expect(try await rig.events("cta.clicked", streamPrefix: clickPrefix) == 1)
        }
    }

    @Test func aNULInFreeTextIsRecordedReplacedAndNeverRedelivered() async throws {
        try await SendingRig.with { rig in
            let (run, port) = try await rig.startIntake(.webhook, ["HERALD_WEBHOOK_SECRET": Self.secret])
            defer { run.stop() }
            try await rig.act("start", ["user_id": 901, "payload": "a\u{0}b"])
            try await rig.until("the user is registered") {
                try await rig.events("recipient.registered", streamPrefix: "recipient-901") == 1
            }
            try await rig.drained()
            let counters = try await rig.counters()
            #expect(counters["webhook_failures"] as? Int == 0, "delivered once, never refused: \(counters)")
            let data = try await rig.db.connect().query(
                "SELECT data::text FROM herald.events WHERE stream = 'recipient-901' AND type = 'recipient.registered'"
            )[0].decode(String.self, at: 0)
            #expect(data.contains("a\u{FFFD}b"), "the payload is kept with the NUL replaced: \(data)")

            // A username with a NUL, sent as Telegram would: answered 200 and recorded replaced.
            let named = #"""
                {"update_id": 50, "message": {"message_id": 1, "date": 1, "chat": {"id": 902, "type": "private"},
                 "from": {"id": 902, "is_bot": false, "first_name": "N\u0000", "username": "nu\u0000l"},
                 "text": "/start"}}
                """#
            #expect(try await postUpdate(port: port, body: named, secret: Self.secret).0 == 200)
            #expect(try await rig.events("recipient.registered", streamPrefix: "recipient-902") == 1)
        }
    }

    @Test func idsThatAreNoOnesRecordNothing() async throws {
        try await SendingRig.with { rig in
            let (run, port) = try await rig.startIntake(.webhook, ["HERALD_WEBHOOK_SECRET": Self.secret])
            defer { run.stop() }
            let head = try await rig.head()
            for id in ["0", "-5"] {
                let start = #"""
                    {"update_id": 60, "message": {"message_id": 1, "date": 1, "chat": {"id": \#(id), "type": "private"},
                     "from": {"id": \#(id), "is_bot": false, "first_name": "Z"}, "text": "/start"}}
                    """#
                #expect(try await postUpdate(port: port, body: start, secret: Self.secret).0 == 200)
                let block = #"""
                    {"update_id": 61, "my_chat_member": {"chat": {"id": \#(id), "type": "private"}, "from": {"id": \#(id),
                     "is_bot": false, "first_name": "Z"}, "date": 1, "old_chat_member": {"status": "member",
                     "user": {"id": 1, "is_bot": true, "first_name": "B"}}, "new_chat_member": {"status": "kicked",
                     "user": {"id": 1, "is_bot": true, "first_name": "B"}}}}
                    """#
                #expect(try await postUpdate(port: port, body: block, secret: Self.secret).0 == 200)
            }
            #expect(try await rig.head() == head, "no event for a user id that is not positive")
            // A positive id is recorded, so the route did read the updates above.
            let start = #"""
                {"update_id": 62, "message": {"message_id": 1, "date": 1, "chat": {"id": 77, "type": "private"},
                 "from": {"id": 77, "is_bot": false, "first_name": "Z"}, "text": "/start"}}
                """#
            #expect(try await postUpdate(port: port, body: start, secret: Self.secret).0 == 200)
            #expect(try await rig.events("recipient.registered", streamPrefix: "recipient-77") == 1)
        }
    }

    /// A callback query as Telegram sends it, from `user` with `data`.
    static func press(user: Int64, data: String) -> String {
        #"""
        {"update_id": 40, "callback_query": {"id": "forged-\#(user)", "chat_instance": "1", "data": "\#(data)",
         "from": {"id": \#(user), "is_bot": false, "first_name": "F"}}}
        """#
    }
}
