import Foundation
import HeraldTestSupport
import Testing

/// Broadcasts, stats and conversions over the admin API, and `Idempotency-Key`, over real HTTP.
@Suite(.serialized, .timeLimit(.minutes(3))) struct AdminAPIBroadcastTests {
    static let audience = "user_id,chat_id,username,tier\n1,1,alice,premium\n2,2,bob,premium\n3,3,carol,free\n"

    @Test func aBroadcastGoesThroughItsLifeOverHTTP() async throws {
        try await TestDatabase.with { db in
            try await APIServer.with(db) { api in
                try await api.importRecipients(Self.audience)
                try await api.template("hello")
                let id = try await api.broadcast(["delivery": "at-least-once"], cohort: ["tier": "premium"])

                let shown = try await api.call("GET", "broadcasts/\(id)")
                #expect(shown.status == 200)
                #expect(shown.json["status"] as? String == "draft")
                #expect(shown.json["template"] as? String == "hello")
                #expect(shown.json["delivery"] as? String == "at-least-once")

                let revised = try await api.call("PATCH", "broadcasts/\(id)", #"{"title": "Summer sale"}"#)
                #expect(revised.status == 200, "\(revised.text)")
                #expect(revised.json["title"] as? String == "Summer sale")

                let scheduled = try await api.call(
                    "POST", "broadcasts/\(id)/schedule", #"{"send_at": "2099-01-31T09:00:00Z"}"#)
                #expect(scheduled.status == 200, "\(scheduled.text)")
                #expect(scheduled.json["status"] as? String == "scheduled")
                #expect(scheduled.json["send_at"] as? String == "2099-01-31T09:00:00Z")

                let sending = try await api.call("POST", "broadcasts/\(id)/send")
                #expect(sending.status == 200, "\(sending.text)")
                #expect(sending.json["status"] as? String == "sending")
                #expect(sending.json["audience"] as? Int == 2)

                // No sender runs here, so nothing can still be sending: answered at once.
                let paused = try await api.call("POST", "broadcasts/\(id)/pause")
                #expect(paused.status == 200, "\(paused.text)")
                #expect(paused.json["sender"] as? String == "no_sender")
                #expect((paused.json["broadcast"] as? [String: Any])?["status"] as? String == "paused")

                let resumed = try await api.call("POST", "broadcasts/\(id)/resume")
                #expect(resumed.json["status"] as? String == "sending", "\(resumed.text)")

                let before = conversionsCounted()
                let conversion = try await api.call(
                    "POST", "conversions",
                    #"{"broadcast": "\#(id)", "recipient": 2, "value": 19.5, "goal": "purchase"}"#)
                #expect(conversion.status == 201, "\(conversion.text)")
                #expect(conversion.json["goal"] as? String == "purchase")
                // The counter is process-wide and other suites record conversions in parallel, so it can
                // only be bounded below here; the broadcast's own count below is exact.
                #expect(conversionsCounted() >= before + 1)

                let stats = try await api.call("GET", "broadcasts/\(id)/stats")
                #expect(stats.status == 200)
                #expect(stats.json["audience"] as? Int == 2)
                #expect(stats.json["pending"] as? Int == 2)
                #expect(stats.json["conversions"] as? Int == 1)
                #expect(stats.json["conversion_value"] as? Double == 19.5)
                #expect((stats.json["buttons"] as? [[String: Any]])?.first?["button"] as? String == "buy")

                let dashboard = try await api.call("GET", "stats")
                let rows = try #require(dashboard.json["broadcasts"] as? [[String: Any]])
                #expect(rows.map { $0["broadcast_id"] as? String } == [id])

                let canceled = try await api.call("POST", "broadcasts/\(id)/cancel")
                #expect(canceled.status == 200, "\(canceled.text)")
                #expect((canceled.json["broadcast"] as? [String: Any])?["status"] as? String == "canceled")
            }
        }
    }

    @Test func createSchedulesOrSendsAtOnce() async throws {
        try await TestDatabase.with { db in
            try await APIServer.with(db) { api in
                try await api.importRecipients(Self.audience)
                try await api.template("hello")
                let later = try await api.broadcast(["send_at": "2099-06-01T00:00:00Z", "paid": true])
                let now = try await api.broadcast(["send_now": true], cohort: ["tier": "free"])
                let scheduled = try await api.call("GET", "broadcasts/\(later)")
                #expect(scheduled.json["status"] as? String == "scheduled")
                #expect(scheduled.json["paid"] as? Bool == true)
                let sending = try await api.call("GET", "broadcasts/\(now)")
                #expect(sending.json["status"] as? String == "sending")
                #expect(sending.json["audience"] as? Int == 1)
            }
        }
    }

    @Test func listingIsNewestFirstByStatusAPageAtATime() async throws {
        try await TestDatabase.with { db in
            try await APIServer.with(db) { api in
                try await api.importRecipients(Self.audience)
                try await api.template("hello")
                var ids: [String] = []
                for _ in 0..<3 { ids.append(try await api.broadcast()) }
                let sent = try await api.broadcast(["send_now": true])

                let first = try await api.call("GET", "broadcasts?limit=2")
                let second = try await api.call(
                    "GET", "broadcasts?limit=2&cursor=\(try #require(first.json["next_cursor"] as? String))")
                let listed =
                    (first.json["broadcasts"] as? [[String: Any]] ?? [])
                    + (second.json["broadcasts"] as? [[String: Any]] ?? [])
                #expect(listed.map { $0["broadcast_id"] as? String } == ([sent] + ids.reversed()).map { $0 })
                #expect(second.json["next_cursor"] == nil)

                let drafts = try await api.call("GET", "broadcasts?status=draft")
                let draftIDs = (drafts.json["broadcasts"] as? [[String: Any]])?.compactMap {
                    $0["broadcast_id"] as? String
                }
                #expect(draftIDs == ids.reversed())
            }
        }
    }

    @Test func aReplayedIdempotencyKeyGetsTheFirstAnswerAndAppendsNothing() async throws {
        try await TestDatabase.with { db in
            try await APIServer.with(db) { api in
                try await api.importRecipients(Self.audience)
                try await api.template("hello")
                let body = #"{"title": "Once", "template": "hello", "cohort": {"tier": "premium"}}"#
                let first = try await api.call("POST", "broadcasts", body, key: "create-once-1")
                #expect(first.status == 201, "\(first.text)")
                let head = try await api.head()

                let retry = try await api.call("POST", "broadcasts", body, key: "create-once-1")
                #expect(retry.status == 201)
                #expect(retry.text == first.text)
                #expect(retry.headers["idempotent-replayed"] == "true")
                #expect(first.headers["idempotent-replayed"] == nil)
                #expect(try await api.head() == head)
                let listed = try await api.call("GET", "broadcasts")
                #expect((listed.json["broadcasts"] as? [Any])?.count == 1)

                // A refusal is an answer too: its retry is refused alike, and appends nothing either.
                let refused = try await api.call(
                    "POST", "broadcasts", #"{"title": "x", "template": "nope", "cohort": {}}"#, key: "refused-1")
                let refusedAgain = try await api.call(
                    "POST", "broadcasts", #"{"title": "x", "template": "nope", "cohort": {}}"#, key: "refused-1")
                #expect(refused.status == 404 && refusedAgain.status == 404)
                #expect(refusedAgain.text == refused.text)

                let reused = try await api.call(
                    "POST", "broadcasts", #"{"title": "Other", "template": "hello", "cohort": {}}"#,
                    key: "create-once-1")
                #expect(reused.status == 422)
                #expect(reused.code == "idempotency_key_reused")
                #expect(try await api.head() == head)

                // Retries racing the first: one runs, the others wait their turn or get its answer.
                let racing = #"{"title": "Raced", "template": "hello", "cohort": {}}"#
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<5 {
                        group.addTask { try await api.call("POST", "broadcasts", racing, key: "race-1").status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.contains(201) && statuses.allSatisfy { [201, 409].contains($0) }, "\(statuses)")
                let raced = try await api.call("GET", "broadcasts")
                #expect(
                    (raced.json["broadcasts"] as? [[String: Any]])?.filter { $0["title"] as? String == "Raced" }.count
                        == 1)

                // The same key on a different route is another request as well.
                let elsewhere = try await api.call("POST", "cohorts/preview", #"{"cohort": {}}"#, key: "create-once-1")
                #expect(elsewhere.code == "idempotency_key_reused")
            }
        }
    }
}

/// `herald_conversions_total` as the shared registry has it now.
func conversionsCounted() -> Double {
    let text = HTTPMetricsMiddlewareTests.registry.emitToString()
    let line = text.split(separator: "\n").first { $0.hasPrefix("herald_conversions_total ") }
    return line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
}
