import Foundation
import HeraldTestSupport
import PropertyBased
import Testing

/// Telegram's bodies are trusted only after the secret matches, and even then may be anything.
/// Thousands of generated bodies — malformed JSON, unknown update kinds, missing fields, wrong
/// types, numbers past Int64, truncations — each get a well-formed answer, none crashes
/// `herald run`, and none records an event.
@Suite(.timeLimit(.minutes(5))) struct WebhookFuzzTests {
    static let secret = "fuzz_secret"

    /// Values a field may hold, most of them wrong for it.
    static let values = Gen<String?>.element(of: [
        "0", "-1", "7", "1.5", "1e400", "-1e400", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", String(repeating: "9", count: 400), "null", "true", "[]", "{}", "\"\"", "\"x\"",
        "\"c:AAAAAAAAAAAAAAAAAAAAAA:buy\"", "\"c:bad\"", "\"c::\"", "\"h:t:zz\"", "\"h:send\"", "\"/broadcast\"",
        "\"/cancel\"", "\"hello\"", "\"kicked\"", "\"left\"", "\"member\"", "\"private\"", "\"group\"",
        "{\"id\": 5}", "\"\\u0000\"", "\"🙂\"", "\"\\ud800\"",
    ]).map { $0 ?? "null" }

    /// Update-shaped bodies with arbitrary values in their fields.
    static let shaped = zip(Gen.int(in: 0...4), values, values, values, values, values).map {
        (kind: Int, a: String, b: String, c: String, d: String, e: String) -> String in
        let user = #"{"id": \#(c), "is_bot": false, "first_name": "F"}"#
        switch kind {
        case 0:
            return
                #"{"update_id": \#(a), "callback_query": {"id": \#(b), "from": \#(user), "chat_instance": "1", "data": \#(d)}}"#
        case 1:
            return #"""
                {"update_id": 1, "message": {"message_id": 1, "date": 1, "chat": {"id": \#(a), "type": \#(b)},
                 "from": {"id": \#(c), "is_bot": \#(d), "first_name": "F"}, "text": \#(e)}}
                """#
        case 2:
            return #"""
                {"update_id": 2, "my_chat_member": {"chat": {"id": \#(a), "type": "private"}, "from": {"id": \#(b),
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

    /// Bytes that are rarely JSON at all.
    static let garbage = Gen<Character?>.element(of: Array("{}[]\":,0123456789.eE-+truefalsn \\u\n\tabc🙂"))
        .map { $0 ?? "x" }.string(of: 0...300)

    @Test func generatedBodiesAreAllAnsweredAndRecordNothing() async throws {
        try await SendingRig.with { rig in
            let (run, port) = try await rig.startIntake(.webhook, ["HERALD_WEBHOOK_SECRET": Self.secret])
            defer { run.stop() }
            let head = try await rig.head()
            let statuses = Statuses()
            await propertyCheck(count: 1500, input: Self.shaped) { body in
                await statuses.add(try await postUpdate(port: port, body: body, secret: Self.secret).0)
            }
            await propertyCheck(count: 1500, input: Self.garbage) { body in
                await statuses.add(try await postUpdate(port: port, body: body, secret: Self.secret).0)
            }
            let seen = await statuses.counts
            #expect(seen.values.reduce(0, +) == 3000, "every request answered: \(seen)")
            #expect(Set(seen.keys).isSubset(of: [200, 400]), "well-formed answers only: \(seen)")
            #expect(run.isRunning, "herald run survives every body")
            #expect(try await rig.head() == head, "no body records an event")
        }
    }
}

actor Statuses {
    var counts: [Int: Int] = [:]
    func add(_ status: Int) { counts[status, default: 0] += 1 }
}
