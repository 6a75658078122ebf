import Broadcasting
import EventStore
import Foundation
import HeraldTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The audience follows the bot: /start registers, a block takes the user out of every cohort,
/// an unblock brings them back; and the webhook refuses what does not carry its secret.
@Suite(.timeLimit(.minutes(5))) struct AudienceIntakeTests {
    @Test(arguments: SendingRig.Intake.allCases)
    func startRegistersBlockRemovesUnblockRestores(_ intake: SendingRig.Intake) async throws {
        try await SendingRig.with { rig in
            let (run, _) = try await rig.startIntake(intake)
            defer { run.stop() }
            func size() async throws -> Int? {
                let output = try await rig.herald("cohort", "preview", #"{"attributes.start": "spring"}"#, "--json")
                return (try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])?["size"] as? Int
            }
            try await rig.act("start", ["user_id": 501, "payload": "spring"])
            try await rig.act("start", ["user_id": 502])
            try await rig.until("both users are registered") {
                try await rig.events("recipient.registered", streamPrefix: "recipient-50") == 2
            }
            let store = EventStore(configuration: rig.db.url, maximumConnections: 1)
            let registered = try #require(try await store.readStream("recipient-501").first)
            let data = try #require(
                try JSONSerialization.jsonObject(with: Data(registered.data.text.utf8)) as? [String: Any])
            #expect(data["username"] as? String == "user501")
            #expect(data["language"] as? String == "en")
            #expect(data["attributes"] as? [String: String] == ["start": "spring"])
            #expect(try await size() == 1)

            // A second /start changes nothing; a block leaves every cohort; an unblock returns.
            // (One at a time: over several webhook connections, a /start delivered after the block
            // would unblock, as it does in Telegram.)
            let head = try await rig.head()
            try await rig.act("start", ["user_id": 501, "payload": "spring"])
            try await rig.drained()
            #expect(try await rig.head() == head)
            try await rig.act("block", ["user_id": 501])
            try await rig.until("the block is recorded") {
                try await rig.events("recipient.blocked", streamPrefix: "recipient-501") == 1
            }
            #expect(try await size() == 0)
            try await rig.act("unblock", ["user_id": 501])
            try await rig.until("the unblock is recorded") {
                try await rig.events("recipient.unblocked", streamPrefix: "recipient-501") == 1
            }
            #expect(try await size() == 1)
            #expect(
                try await store.readStream("recipient-501").map(\.type) == [
                    "recipient.registered", "recipient.blocked", "recipient.unblocked",
                ])
        }
    }

    @Test func aMissingWrongOrMislengthSecretIsRefusedAndRecordsNothing() async throws {
        try await SendingRig.with { rig in
            let (run, port) = try await rig.startIntake(
                .webhook, ["HERALD_WEBHOOK_SECRET": "right_secret-123", "HERALD_LOG_LEVEL": "debug"])
            defer { run.stop() }
            let head = try await rig.head()
            let start = #"""
                {"update_id": 9, "message": {"message_id": 1, "date": 1, "chat": {"id": 77, "type": "private"},
                 "from": {"id": 77, "is_bot": false, "first_name": "M"}, "text": "/start"}}
                """#
            for secret in [nil, "wrong_secret-123", "right_secret-12", "right_secret-1234", "RIGHT_SECRET-123", ""] {
                let (status, _) = try await postUpdate(port: port, body: start, secret: secret)
                #expect(status == 401, "secret \(secret ?? "missing")")
            }
            #expect(try await rig.head() == head, "a refused update records nothing")
            let (status, _) = try await postUpdate(port: port, body: start, secret: "right_secret-123")
            #expect(status == 200)
            #expect(try await rig.head() == head + 1)
            let (again, _) = try await postUpdate(port: port, body: start, secret: "right_secret-123")
            #expect(again == 200)
            #expect(try await rig.head() == head + 1, "the same update_id again records nothing new")
            let oversized = String(repeating: " ", count: 2 << 20)
            let (tooLarge, _) = try await postUpdate(port: port, body: oversized, secret: "right_secret-123")
            #expect(tooLarge == 413)
            let output = await run.stopAndRead()
            #expect(output.contains("receiving updates by webhook"), "the log is read: \(output.prefix(300))")
            #expect(!output.contains("right_secret-123"), "the secret never reaches a log line")
        }
    }
}

/// POSTs `body` to `herald run`'s webhook at `port` with `secret` in Telegram's header.
func postUpdate(port: Int, body: String, secret: String?) async throws -> (Int, String) {
    var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/telegram")))
    request.httpMethod = "POST"
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    if let secret { request.setValue(secret, forHTTPHeaderField: "X-Telegram-Bot-Api-Secret-Token") }
    request.httpBody = Data(body.utf8)
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}
