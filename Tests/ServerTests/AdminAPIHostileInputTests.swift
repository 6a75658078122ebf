import Foundation
import HeraldTestSupport
import PropertyBased
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Every route of the admin API against what an attacker or a careless script sends: generated
/// bodies, path segments and query values holding NULs, numbers past every range, deep nesting,
/// huge arrays and objects. None gets a 5xx, none hangs, `/healthz` answers after each, and a
/// refusal appends nothing.
@Suite(.serialized, .timeLimit(.minutes(10))) struct AdminAPIHostileInputTests {
    /// Body fields the routes read, and some they do not.
    static let fields = [
        "title", "template", "cohort", "name", "text", "buttons", "send_at", "send_now", "delivery", "every", "chats",
        "templates", "broadcast", "recipient", "value", "parse_mode", "status", "id", "url", "reply", "\u{0}",
    ]

    /// JSON values, most of them wrong or hostile for any field.
    static let values: [String] = [
        #""\u0000""#, #""premium\u0000zzz""#, #""a\u0000""#, "1e308", "1.7976931348623157e308", "-1.7e308",
        "1e400", "99999999999999999999999999", "-9223372036854775809", "0", "-1", "1", "-0", "true", "null", #""""#,
        #""hello""#, #""\ud800""#, #""🙂""#, #""2001-01-01T00:00:00Z""#, #""9999-12-31T23:59:59Z""#, #""1d""#,
        #""now""#, "[-5]", "[]", "{}", #"{"tier": "premium\u0000zzz"}"#, #"{"tier": {"in": ["a", "b\u0000"]}}"#,
        #"[{"id": "a\u0000", "text": "A"}]"#, #"[{"id": "a", "text": "A", "url": "https://x.io/\r\nSet-Cookie: a"}]"#,
        String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000),
        String(repeating: #"{"a":"#, count: 700) + "1" + String(repeating: "}", count: 700),
        "[" + Array(repeating: "7", count: 20_000).joined(separator: ",") + "]",
        "{" + (0..<5_000).map { #""k\#($0)": "v""# }.joined(separator: ",") + "}",
        "[" + Array(repeating: #"{"id": "b", "text": "B"}"#, count: 2_000).joined(separator: ",") + "]",
        "\"" + String(repeating: "x", count: 200_000) + "\"",
        // The review's templates: nine nested loops of ten (a hang) and 4,000 nested ifs (a crash).
        "\"" + String(repeating: "{% for a in 1...10 %}", count: 9) + String(repeating: "{% endfor %}", count: 9) + "\"",
        "\"" + String(repeating: "{% if a %}", count: 4000) + "x" + String(repeating: "{% endif %}", count: 4000) + "\"",
    ]

    /// Path segments for `{id}`, `{name}` and `{user_id}`; `%00` is a NUL.
    static let segments = [
        "%00", "a%00b", "hello", "1", "0", "-1", "99999999999999999999", String(repeating: "z", count: 3000),
        "not-an-id", "%F0%9F%99%82", UUID().uuidString.lowercased(),
    ]

    /// Query values.
    static let queries = ["%00", "1", "-1", "99999999999999999999", "lost", "1e308", String(repeating: "q", count: 3000)]

    struct Request: CustomStringConvertible {
        var segment: String
        var query: String?
        var body: String
        var description: String {
            "segment \(segment.prefix(40)), query \(query?.prefix(40) ?? "none"), body \(body.prefix(160).debugDescription)"
        }
    }

    static let requests = zip(
        Gen.element(of: segments), Gen.element(of: queries), Gen.int(in: 0...3),
        Gen.element(of: fields).array(of: 0...5), Gen.element(of: values).array(of: 5)
    ).map { segment, query, shape, names, values -> Request in
        let object = zip(names, values).map { name, value in
            "\"\(name ?? "x")\": \(value ?? "null")"
        }
        let body: String
        switch shape {
        case 0: body = values.first.flatMap { $0 } ?? "null"  // not an object at all
        default: body = "{" + object.joined(separator: ", ") + "}"
        }
        return Request(segment: segment ?? "1", query: shape == 3 ? query ?? "1" : nil, body: body)
    }

    @Test func noRouteAnswers5xxHangsOrAppendsOnARefusal() async throws {
        try await TestDatabase.with { db in
            try await APIServer.with(db) { api in
                try await api.importRecipients("user_id,chat_id,username,tier\n1,1,alice,premium\n2,2,bob,free\n")
                try await api.template("hello")
                let routes = try await AdminAPIDocumentTests.documentedRoutes(port: api.port)
                    .filter { $0.path != "/api/v1/openapi.json" }
                #expect(routes.count >= 25)
                let tally = Statuses()
                for route in routes.sorted(by: { "\($0)" < "\($1)" }) {
                    await propertyCheck(count: 40, input: Self.requests) { request in
                        let status = try await Self.send(request, to: route, api)
                        await tally.add(status)
                    }
                }
                let seen = await tally.counts
                #expect(seen.keys.allSatisfy { $0 < 500 }, "\(seen)")
                #expect(seen.keys.contains(400) && seen.keys.contains(404), "refusals were reached: \(seen)")
            }
        }
    }

    /// The review's findings one by one, each refused by name while Herald keeps serving.
    @Test func theReviewsTemplatesButtonsTitlesAndCohortsAreRefusedByName() async throws {
        func json(_ object: [String: Any]) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let loops = String(repeating: "{% for a in 1...10 %}", count: 9) + String(repeating: "{% endfor %}", count: 9)
        let ifs = String(repeating: "{% if a %}", count: 4000) + "x" + String(repeating: "{% endif %}", count: 4000)
        let manyButtons = (0..<8000).map { ["id": "b\($0)", "text": "B"] }
        let cases: [(String, String, String, String)] = [
            ("templates", try json(["name": "hang1", "text": loops]), "invalid_template", "over 10000 times"),
            ("templates", try json(["name": "hang1", "text": loops]), "invalid_template", "over 10000 times"),
            ("templates", try json(["name": "crash1", "text": ifs]), "invalid_template", "16384"),
            ("templates", try json(["name": "b8000", "text": "Hi", "buttons": manyButtons]), "too_many_buttons", "8000"),
            (
                "templates",
                try json(["name": "crlf", "text": "Hi", "buttons": [["id": "b", "text": "B", "url": "https://x.io/\r\nSet-Cookie: a"]]]),
                "invalid_button", "control character"
            ),
            (
                "broadcasts", try json(["title": String(repeating: "t", count: 900_000), "template": "hello", "cohort": [:]]),
                "invalid_title", "100"
            ),
            (
                "broadcasts",
                try json([
                    "title": "keys", "template": "hello",
                    "cohort": Dictionary(uniqueKeysWithValues: (0..<34_000).map { ("attributes.k\($0)", "v") }),
                ]), "invalid_cohort", "34000 conditions"
            ),
        ]
        try await TestDatabase.with { db in
            try await APIServer.with(db) { api in
                try await api.template("hello")
                for (path, body, code, words) in cases {
                    let head = try await api.head()
                    let answer = try await api.call("POST", path, body, key: "k-\(UUID().uuidString)")
                    #expect((400..<500).contains(answer.status), "\(path) \(code): \(answer.status)")
                    #expect(answer.code == code, "\(answer.text.prefix(300))")
                    #expect(answer.text.contains(words), "\(answer.text.prefix(300))")
                    #expect(try await api.head() == head, "a refusal appends nothing")
                    #expect(try await Self.healthz(port: api.port) == 200)
                }
            }
        }
    }

    /// Sends `request` to `route`, checks the answer and `/healthz`; returns the status.
    static func send(_ request: Request, to route: AdminAPIDocumentTests.Route, _ api: APIServer) async throws -> Int {
        var path = String(route.path.dropFirst("/api/v1/".count))
        for parameter in ["{id}", "{name}", "{user_id}"] {
            path = path.replacingOccurrences(of: parameter, with: request.segment)
        }
        if let query = request.query {
            path += "?recipient=\(query)&status=\(query)&cursor=\(query)&limit=\(query)&user=\(query)"
        }
        let head = try await api.head()
        let answer = try await api.call(
            route.method, path, route.method == "GET" ? nil : request.body, key: "k-\(UUID().uuidString)")
        #expect(answer.status < 500, "\(route.method) \(route.path) \(request): \(answer.text.prefix(300))")
        if answer.status >= 400 {
            #expect(try await api.head() == head, "\(route.method) \(route.path) \(request) was refused and appended")
            #expect(answer.code != nil, "a refusal names its code: \(answer.text.prefix(200))")
        }
        let health = try await Self.healthz(port: api.port)
        #expect(health == 200, "/healthz answers after \(route.method) \(route.path)")
        return answer.status
    }

    static func healthz(port: Int) async throws -> Int {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/healthz")))
        request.timeoutInterval = 5
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}

actor Statuses {
    var counts: [Int: Int] = [:]
    func add(_ status: Int) { counts[status, default: 0] += 1 }
}
