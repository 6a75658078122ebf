import Foundation
import HeraldTestSupport
import Hummingbird
import Logging
import Postgres
import Server
import Testing

/// Every refusal of the admin API: its status, its stable code and field, and nothing appended.
@Suite(.serialized, .timeLimit(.minutes(3))) struct AdminAPIRejectionTests {
    struct Refusal: CustomStringConvertible {
        let method: String
        let path: String
        let body: String?
        let status: Int
        let code: String
        var field: String? = nil
        var description: String { "\(method) \(path) \(body ?? "")" }
    }

    @Test func everyRefusalNamesItsCodeAndAppendsNothing() async throws {
        try await TestDatabase.with { db in
            try await APIServer.with(db) { api in
                try await api.importRecipients("user_id,chat_id,username,tier\n1,1,alice,premium\n2,2,bob,free\n")
                try await api.template("hello")
                try await api.template("greeting", "Hi {{ nickname }}")
                let draft = try await api.broadcast(cohort: ["tier": "premium"])
                let sending = try await api.broadcast(["send_now": true], cohort: ["tier": "premium"])
                let rotation = try await api.call(
                    "POST", "rotations", #"{"name": "weekly", "every": "1w", "chats": [-5], "templates": ["hello"]}"#)
                #expect(rotation.status == 201, "\(rotation.text)")
                let unknown = UUID().uuidString.lowercased()
                let refusals = [
                    Refusal(
                        method: "POST", path: "broadcasts",
                        body: #"{"title": "t", "template": "hello", "cohort": {"plan": "gold"}}"#,
                        status: 422, code: "invalid_cohort", field: "plan"),
                    Refusal(
                        method: "POST", path: "broadcasts",
                        body: #"{"title": "t", "template": "hello", "cohort": {"tier": {"near": "x"}}}"#, status: 422,
                        code: "invalid_cohort", field: "tier"),
                    Refusal(
                        method: "POST", path: "broadcasts", body: #"{"title": "t", "template": "nope", "cohort": {}}"#,
                        status: 404, code: "template_not_found", field: "template"),
                    Refusal(
                        method: "POST", path: "broadcasts",
                        body: #"{"title": "t", "template": "hello", "cohort": {"tier": "gold"}, "send_now": true}"#,
                        status: 422, code: "empty_audience", field: "cohort"),
                    Refusal(
                        method: "POST", path: "broadcasts",
                        body: #"{"title": "t", "template": "greeting", "cohort": {}, "send_now": true}"#, status: 422,
                        code: "unrenderable", field: "recipient"),
                    Refusal(
                        method: "POST", path: "broadcasts",
                        body: #"{"title": "t", "template": "hello", "cohort": {}, "send_at": "2001-01-01T00:00:00Z"}"#,
                        status: 422, code: "time_in_past", field: "send_at"),
                    Refusal(
                        method: "POST", path: "broadcasts", body: #"{"title": " ", "template": "hello", "cohort": {}}"#,
                        status: 422, code: "empty_title", field: "title"),
                    Refusal(
                        method: "POST", path: "broadcasts", body: #"{"template": "hello", "cohort": {}}"#, status: 400,
                        code: "invalid_request", field: "title"),
                    Refusal(
                        method: "POST", path: "broadcasts", body: #"{"title": 5, "template": "hello", "cohort": {}}"#,
                        status: 400, code: "invalid_request", field: "title"),
                    Refusal(method: "POST", path: "broadcasts", body: "not json", status: 400, code: "invalid_request"),
                    Refusal(
                        method: "POST", path: "broadcasts",
                        body: #"{"title": "t", "template": "hello", "cohort": {}, "delivery": "twice"}"#, status: 400,
                        code: "invalid_request", field: "delivery"),
                    Refusal(
                        method: "PATCH", path: "broadcasts/\(sending)", body: #"{"title": "late"}"#, status: 409,
                        code: "invalid_transition", field: "status"),
                    Refusal(
                        method: "POST", path: "broadcasts/\(draft)/schedule", body: #"{"send_at": "yesterday"}"#,
                        status: 400, code: "invalid_request", field: "send_at"),
                    Refusal(
                        method: "POST", path: "broadcasts/\(draft)/pause", body: nil, status: 409,
                        code: "invalid_transition", field: "status"),
                    Refusal(
                        method: "POST", path: "broadcasts/\(sending)/resume", body: nil, status: 409,
                        code: "invalid_transition", field: "status"),
                    Refusal(
                        method: "POST", path: "broadcasts/\(unknown)/send", body: nil, status: 404,
                        code: "broadcast_not_found"),
                    Refusal(
                        method: "GET", path: "broadcasts/\(unknown)", body: nil, status: 404,
                        code: "broadcast_not_found"),
                    Refusal(
                        method: "GET", path: "broadcasts/\(unknown)/stats", body: nil, status: 404,
                        code: "broadcast_not_found"),
                    Refusal(
                        method: "GET", path: "broadcasts/not-an-id", body: nil, status: 400, code: "invalid_request",
                        field: "id"),
                    Refusal(
                        method: "GET", path: "broadcasts?status=lost", body: nil, status: 400, code: "invalid_request",
                        field: "status"),
                    Refusal(
                        method: "GET", path: "broadcasts?cursor=abc", body: nil, status: 400, code: "invalid_request",
                        field: "cursor"),
                    Refusal(
                        method: "POST", path: "templates", body: #"{"name": "hello", "text": "again"}"#, status: 409,
                        code: "template_name_taken", field: "name"),
                    Refusal(
                        method: "POST", path: "templates", body: #"{"name": "bad name!", "text": "x"}"#, status: 422,
                        code: "invalid_template_name", field: "name"),
                    Refusal(
                        method: "POST", path: "templates", body: #"{"name": "broken", "text": "{% if %}"}"#,
                        status: 422, code: "invalid_template", field: "text"),
                    Refusal(
                        method: "POST", path: "templates",
                        body:
                            #"{"name": "b", "text": "x", "buttons": [{"id": "a", "text": "A"}, {"id": "a", "text": "B"}]}"#,
                        status: 422, code: "duplicate_button", field: "buttons"),
                    Refusal(
                        method: "PATCH", path: "templates/nope", body: #"{"text": "x"}"#, status: 404,
                        code: "template_not_found", field: "template"),
                    Refusal(
                        method: "GET", path: "templates/nope", body: nil, status: 404, code: "template_not_found",
                        field: "template"),
                    Refusal(
                        method: "GET", path: "templates/hello/preview?recipient=99", body: nil, status: 404,
                        code: "recipient_not_found", field: "recipient"),
                    Refusal(
                        method: "GET", path: "templates/greeting/preview?recipient=1", body: nil, status: 422,
                        code: "unrenderable", field: "recipient"),
                    Refusal(
                        method: "GET", path: "templates/hello/preview", body: nil, status: 400,
                        code: "invalid_request", field: "recipient"),
                    Refusal(
                        method: "POST", path: "cohorts/preview", body: #"{"cohort": {"region": {"near": "EU"}}}"#,
                        status: 422, code: "invalid_cohort", field: "region"),
                    Refusal(
                        method: "POST", path: "cohorts/preview", body: #"{"cohort": ["tier"]}"#, status: 422,
                        code: "invalid_cohort", field: "cohort"),
                    Refusal(
                        method: "POST", path: "rotations",
                        body: #"{"name": "fast", "every": "10s", "chats": [-5], "templates": ["hello"]}"#, status: 422,
                        code: "invalid_interval", field: "every"),
                    Refusal(
                        method: "POST", path: "rotations",
                        body: #"{"name": "weekly", "every": "1d", "chats": [-5], "templates": ["hello"]}"#,
                        status: 409, code: "rotation_name_taken", field: "name"),
                    Refusal(
                        method: "POST", path: "rotations",
                        body: #"{"name": "other", "every": "1d", "chats": [-5], "templates": ["nope"]}"#, status: 404,
                        code: "template_not_found", field: "template"),
                    Refusal(
                        method: "POST", path: "rotations",
                        body: #"{"name": "other", "every": "1d", "chats": [], "templates": ["hello"]}"#, status: 422,
                        code: "no_chats", field: "chats"),
                    Refusal(
                        method: "POST", path: "rotations/weekly/resume", body: nil, status: 409,
                        code: "invalid_transition", field: "status"),
                    Refusal(
                        method: "POST", path: "rotations/nope/pause", body: nil, status: 404,
                        code: "rotation_not_found"),
                    Refusal(
                        method: "POST", path: "conversions", body: #"{"broadcast": "\#(sending)", "recipient": 2}"#,
                        status: 422, code: "not_in_audience", field: "recipient"),
                    Refusal(
                        method: "POST", path: "conversions", body: #"{"broadcast": "\#(draft)", "recipient": 1}"#,
                        status: 409, code: "invalid_transition", field: "status"),
                    Refusal(
                        method: "POST", path: "conversions",
                        body: #"{"broadcast": "\#(sending)", "recipient": 1, "value": -3}"#, status: 422,
                        code: "invalid_value", field: "value"),
                    Refusal(
                        method: "POST", path: "conversions",
                        body: #"{"broadcast": "\#(sending)", "recipient": 1, "value": 1.7e308}"#, status: 422,
                        code: "invalid_value", field: "value"),
                    Refusal(
                        method: "POST", path: "conversions", body: #"{"broadcast": "\#(unknown)", "recipient": 1}"#,
                        status: 404, code: "broadcast_not_found"),
                    Refusal(
                        method: "GET", path: "recipients/99", body: nil, status: 404, code: "recipient_not_found",
                        field: "recipient"),
                    Refusal(
                        method: "GET", path: "recipients/someone", body: nil, status: 400, code: "invalid_request",
                        field: "user_id"),
                    Refusal(method: "GET", path: "no/such/route", body: nil, status: 404, code: "route_not_found"),
                    // A NUL is refused by the field's name, never cut (the cohort would match premium).
                    Refusal(
                        method: "POST", path: "broadcasts",
                        body: #"{"title": "t", "template": "hello", "cohort": {"tier": "premium\u0000zzz"}}"#,
                        status: 400, code: "invalid_request", field: "cohort.tier"),
                    Refusal(
                        method: "POST", path: "templates", body: #"{"name": "nul", "text": "a\u0000b"}"#, status: 400,
                        code: "invalid_request", field: "text"),
                    Refusal(
                        method: "POST", path: "cohorts/preview", body: #"{"cohort": {"tier": {"in": ["x", "\u0000"]}}}"#,
                        status: 400, code: "invalid_request", field: "cohort.tier.in.1"),
                    Refusal(
                        method: "GET", path: "templates/hello/preview?recipient=1%00", body: nil, status: 400,
                        code: "invalid_request", field: "recipient"),
                ]
                for refusal in refusals {
                    let head = try await api.head()
                    let answer = try await api.call(refusal.method, refusal.path, refusal.body)
                    #expect(answer.status == refusal.status, "\(refusal): \(answer.text)")
                    #expect(answer.code == refusal.code, "\(refusal): \(answer.text)")
                    #expect(answer.field == refusal.field, "\(refusal): \(answer.text)")
                    #expect(!(answer.message ?? "").isEmpty, "\(refusal)")
                    #expect(answer.headers["content-type"] == "application/json")
                    #expect(try await api.head() == head, "\(refusal) appended")
                }
            }
        }
    }

    @Test func aMissingOrWrongTokenIs401OnEveryRouteAndRecordsNothing() async throws {
        try await TestDatabase.with { db in
            try await APIServer.with(db) { api in
                let head = try await api.head()
                for route in try await AdminAPIDocumentTests.documentedRoutes(port: api.port)
                where route.path != "/api/v1/openapi.json" {
                    let path = String(route.path.dropFirst("/api/v1/".count))
                        .replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased())
                        .replacingOccurrences(of: "{name}", with: "hello")
                        .replacingOccurrences(of: "{user_id}", with: "1")
                    let body = route.method == "GET" ? nil : #"{"title": "t", "template": "hello", "cohort": {}}"#
                    for token in [nil, "wrong-token", APIServer.token + "x", String(APIServer.token.dropLast())] {
                        let answer = try await api.call(route.method, path, body, token: token, key: "k-\(path)")
                        #expect(answer.status == 401, "\(route) with \(token ?? "no token")")
                        #expect(answer.code == "unauthorized")
                        #expect(answer.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
                    }
                }
                #expect(try await api.head() == head)
                let keys = try await db.connect().query("SELECT count(*) FROM herald.idempotency_keys")
                #expect(try keys[0].decode(Int.self, at: 0) == 0)
            }
        }
    }
}
