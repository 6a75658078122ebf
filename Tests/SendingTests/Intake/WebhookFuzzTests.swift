import Broadcasting
import Foundation
import HeraldTestSupport
import PropertyBased
import Testing

/// Telegram's bodies are trusted only after the secret matches, and even then may be anything.
/// Thousands of generated bodies — malformed JSON, unknown update kinds, missing fields, wrong
/// types, numbers past Int64, NULs, deep nesting, truncations, real and forged button payloads —
/// each get a well-formed answer, none crashes `herald run`, and none records what it may not.
@Suite(.timeLimit(.minutes(5))) struct WebhookFuzzTests {
    static let secret = "fuzz_secret"

    /// Values a field may hold, most of them wrong for it; `payload` is the callback data of a
    /// real broadcast's button, so presses reach the click path and its appends.
    static func values(payload: String) -> Generator<String, some Sequence & SendableMetatype> {
        Gen<String?>.element(of: [
            "0", "-1", "7", "1", "2", "1.5", "1e400", "-1e400", "1e308", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "18446744073709551616", String(repeating: "9", count: 400), "null", "true", "[]",
            "{}", "\"\"", "\"x\"", "\"c:AAAAAAAAAAAAAAAAAAAAAA:buy\"", "\"\(payload)\"", "\"\(payload)\\u0000\"",
            "\"\(payload.dropLast(3))site\"", "\"c:bad\"", "\"c::\"", "\"h:t:zz\"", "\"h:send\"", "\"/broadcast\"",
            "\"/start\"", "\"/start ref\\u0000x\"", "\"/start \(String(repeating: "p", count: 5000))\"",
            "\"/cancel\"", "\"hello\"", "\"kicked\"", "\"left\"", "\"member\"", "\"private\"", "\"group\"",
            "{\"id\": 5}", "\"\\u0000\"", "\"a\\u0000b\"", "\"🙂\"", "\"\\ud800\"",
            String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000),
            String(repeating: "{\"a\":", count: 600) + "1" + String(repeating: "}", count: 600),
        ]).map { $0 ?? "null" }
    }

    /// Update-shaped bodies with arbitrary values in their fields.
    static func shaped(payload: String) -> Generator<String, some Sequence & SendableMetatype> {
        let values = values(payload: payload)
        return zip(Gen.int(in: 0...4), values, values, values, values, values).map {
            (kind: Int, a: String, b: String, c: String, d: String, e: String) -> String in
            let user = #"{"id": \#(c), "is_bot": false, "first_name": \#(e), "username": \#(b)}"#
            switch kind {
            case 0:
                return
                    #"{"update_id": \#(a), "callback_query": {"id": \#(b), "from": \#(user), "chat_instance": "1", "data": \#(d)}}"#
            case 1:
                return #"""
                    {"update_id": 1, "message": {"message_id": 1, "date": 1, "chat": {"id": \#(a), "type": "private"},
                     "from": {"id": \#(c), "is_bot": false, "first_name": \#(b)}, "text": \#(e)}}
                    """#
            case 2:
                return #"""
                    {"update_id": 2, "my_chat_member": {"chat": {"id": \#(a), "type": "private"}, "from": {"id": \#(a),
                     "is_bot": false, "first_name": "F"}, "date": 1, "old_chat_member": {"status": "member", "user": \#(user)},
                     "new_chat_member": {"status": \#(d), "user": \#(user)}}}
                    """#
            case 3:
                return #"{"update_id": \#(a), "edited_message": \#(b), "poll": \#(c), "chat_join_request": \#(d)}"#
            default:
                let whole = #"{"update_id": \#(a), "callback_query": {"id": \#(b), "from": \#(user), "data": \#(d)}}"#
                return String(whole.prefix(max(0, whole.count - e.count)))
            }
        }
    }

    /// Well-formed updates from plausible users (ids -2…40) whose free text is hostile: /start
    /// payloads, names, presses of the real button, forged and NUL-bearing payloads.
    static func wellFormed(payload: String) -> Generator<String, some Sequence & SendableMetatype> {
        let texts = Gen<String?>.element(of: [
            "\"/start\"", "\"/start ref\\u0000x\"", "\"/start \(String(repeating: "p", count: 5000))\"",
            "\"/start 🙂\\ud800\"", "\"\(payload)\"", "\"\(payload)\\u0000\"", "\"\(payload.dropLast(3))site\"",
            "\"a\\u0000b\"", "\"\\u0000\"", "\"/broadcast\"", "\"hello\"",
        ]).map { $0 ?? "\"x\"" }
        return zip(Gen.int(in: 0...2), Gen.int(in: -2...40), texts, texts).map {
            (kind: Int, user: Int, text: String, name: String) -> String in
            let from = #"{"id": \#(user), "is_bot": false, "first_name": \#(name), "username": \#(name)}"#
            switch kind {
            case 0:
                return #"""
                    {"update_id": 3, "message": {"message_id": 1, "date": 1, "chat": {"id": \#(user), "type": "private"},
                     "from": \#(from), "text": \#(text)}}
                    """#
            case 1:
                return #"{"update_id": 4, "callback_query": {"id": "q", "from": \#(from), "chat_instance": "1", "data": \#(text)}}"#
            default:
                return #"""
                    {"update_id": 5, "my_chat_member": {"chat": {"id": \#(user), "type": "private"}, "from": \#(from),
                     "date": 1, "old_chat_member": {"status": "member", "user": \#(from)},
                     "new_chat_member": {"status": "kicked", "user": \#(from)}}}
                    """#
            }
        }
    }

    /// Bytes that are rarely JSON at all.
    static let garbage = Gen<Character?>.element(of: Array("{}[]\":,0123456789.eE-+truefalsn \\u\n\tabc🙂"))
        .map { $0 ?? "x" }.string(of: 0...300)

    /// Against a log with recipients and a sent broadcast, so that generated presses and /start
    /// messages reach the appends: every body answered 200 or 400 (never a 503 Telegram would
    /// retry forever), `herald run` alive, and what was recorded is only what may be — users with
    /// positive ids, clicks from the broadcast's one recipient on its callback button.
    @Test func generatedBodiesAreAllAnsweredAndRecordOnlyWhatMayBe() async throws {
        try await SendingRig.with { rig in
            try await rig.importRecipients(2) { $0 == 1 ? "gold" : "silver" }
            try await rig.herald(
                "template", "create", "--name", "promo", "--text", "Sale\\.", "--button", "Buy|callback:buy",
                "--button", "Site|https://example.com")
            let (run, port) = try await rig.startIntake(.webhook, ["HERALD_WEBHOOK_SECRET": Self.secret])
            defer { run.stop() }
            let broadcast = try await rig.send()
            _ = try await rig.awaitEvent(broadcast, ["broadcast.completed"])
            let payload = "c:\(CallbackPayload.shortID(broadcast)):buy"
            let head = try await rig.head()
            let statuses = Statuses()
            await propertyCheck(count: 1500, input: Self.shaped(payload: payload)) { body in
                await statuses.add(try await postUpdate(port: port, body: body, secret: Self.secret).0)
            }
            await propertyCheck(count: 1000, input: Self.wellFormed(payload: payload)) { body in
                await statuses.add(try await postUpdate(port: port, body: body, secret: Self.secret).0)
            }
            await propertyCheck(count: 1000, input: Self.garbage) { body in
                await statuses.add(try await postUpdate(port: port, body: body, secret: Self.secret).0)
            }
            let seen = await statuses.counts
            #expect(seen.values.reduce(0, +) == 3500, "every request answered: \(seen)")
            #expect(Set(seen.keys).isSubset(of: [200, 400]), "well-formed answers only: \(seen)")
            #expect(run.isRunning, "herald run survives every body")
            let recorded = try await rig.db.connect().query(
                """
                SELECT type, stream, coalesce(data ->> 'user_id', '1') FROM herald.events
                WHERE position > \(head)
                """)
            #expect(recorded.count > 0, "the generated bodies reached the appends")
            for row in recorded {
                let (type, stream) = (try row.decode(String.self, at: 0), try row.decode(String.self, at: 1))
                let user = try row.decode(String.self, at: 2)
                #expect(!user.hasPrefix("-") && user != "0" || type.hasPrefix("cta."), "\(type) \(stream) user \(user)")
                if type.hasPrefix("cta.") {
                    #expect(stream == "click-\(broadcast.uuidString.lowercased())-1-buy", "\(type) \(stream)")
                }
            }
        }
    }
}

actor Statuses {
    var counts: [Int: Int] = [:]
    func add(_ status: Int) { counts[status, default: 0] += 1 }
}
