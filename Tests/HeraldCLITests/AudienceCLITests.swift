import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

/// Recipients import, the audience read model and cohort preview, through the built binary.
@Suite(.timeLimit(.minutes(5))) struct AudienceCLITests {
    let csv = """
        user_id,first_name,tier,region,language
        1,Ann,premium,EU,en
        2,"Bob, Jr",free,US,
        3,Cy,premium,US,pt
        4,Di,premium,APAC,en

        """

    @Test func importThenPreviewACohort() async throws {
        try await TestDatabase.with { db in
            let imported = try await herald(db, "recipients", "import", try temporaryFile(csv), "--json")
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(try jsonObject(imported.stdout)["registered"] as? Int == 4)

            let preview = try await herald(
                db, "cohort", "preview", #"{"tier": "premium", "region": {"in": ["EU", "US"]}}"#, "--json")
            #expect(preview.status == 0, "\(preview.stderr)")
            let result = try jsonObject(preview.stdout)
            #expect(result["size"] as? Int == 2)
            #expect((result["sample"] as? [[String: Any]])?.map { $0["user_id"] as? Int } == [1, 3])

            let shown = try jsonObject(try await herald(db, "recipients", "show", "2", "--json").stdout)
            #expect((shown["attributes"] as? [String: String])?["first_name"] == "Bob, Jr")
            #expect(shown["language"] as? String == "und")
        }
    }

    @Test func reimportingAppendsOnlyWhatChanged() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            _ = try await herald(db, "recipients", "import", try temporaryFile(csv))
            let head = try await store.head()
            let again = try jsonObject(
                try await herald(db, "recipients", "import", try temporaryFile(csv), "--json").stdout)
            #expect(again["unchanged"] as? Int == 4)
            #expect(try await store.head() == head)

            let changed = try jsonObject(
                try await herald(
                    db, "recipients", "import", try temporaryFile("user_id,tier\n2,premium\n5,free\n"), "--json"
                )
                .stdout)
            #expect(changed["updated"] as? Int == 1)
            #expect(changed["registered"] as? Int == 1)
            #expect(try await store.head() == head + 2)
            let premium = try jsonObject(
                try await herald(db, "cohort", "preview", #"{"tier": "premium"}"#, "--json").stdout)
            #expect(premium["size"] as? Int == 4)
        }
    }

    @Test func blockedRecipientsAreNeverInACohort() async throws {
        try await TestDatabase.with { db in
            _ = try await herald(db, "recipients", "import", try temporaryFile(csv))
            try await EventStore(configuration: db.url).append(
                NewEvent(
                    stream: "recipient-1", type: "recipient.blocked",
                    data: JSONB(#"{"user_id": 1, "reason": "Forbidden: bot was blocked by the user"}"#)))
            let all = try jsonObject(try await herald(db, "cohort", "preview", "{}", "--json").stdout)
            #expect(all["size"] as? Int == 3)
        }
    }

    @Test func rejectedInputAppendsNothing() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            _ = try await herald(db, "recipients", "import", try temporaryFile(csv))
            let head = try await store.head()
            let cases: [(arguments: [String], says: String)] = [
                (["recipients", "import", try temporaryFile("id,tier\n1,free\n")], "user_id"),
                (["recipients", "import", try temporaryFile("user_id,tier\n7,free\nx,free\n")], "line 3"),
                (["recipients", "import", try temporaryFile("user_id,tier\n7,free\n7,paid\n")], "repeats line 2"),
                (["recipients", "import", "/nonexistent/file.csv"], "cannot read"),
                (["cohort", "preview", #"{"tierz": "a"}"#], "tierz"),
                (["cohort", "preview", #"{"region": {"near": "EU"}}"#], "near"),
            ]
            for (arguments, says) in cases {
                let outcome = try await HeraldProcess.run(arguments, environment: ["HERALD_DATABASE_URL": db.url])
                #expect(outcome.status != 0, "\(arguments) succeeded")
                #expect(outcome.stderr.contains(says), "\(arguments): \(outcome.stderr)")
                #expect(outcome.stderr.split(separator: "\n").count == 1, "\(arguments): \(outcome.stderr)")
            }
            #expect(try await store.head() == head)
        }
    }

    @Test func cohortValuesAreDataNeverSQL() async throws {
        try await TestDatabase.with { db in
            _ = try await herald(db, "recipients", "import", try temporaryFile(csv))
            for attack in [#"premium' OR '1'='1"#, "premium'; DROP TABLE audience; --", #"x") OR true --"#] {
                let cohort = String(
                    decoding: try JSONSerialization.data(withJSONObject: ["tier": attack]), as: UTF8.self)
                let outcome = try await herald(db, "cohort", "preview", cohort, "--json")
                #expect(outcome.status == 0, "\(outcome.stderr)")
                #expect(try jsonObject(outcome.stdout)["size"] as? Int == 0)
            }
            #expect(
                try jsonObject(try await herald(db, "cohort", "preview", "{}", "--json").stdout)["size"] as? Int == 4)
        }
    }

    /// Hostile attribute names and `in`/`gte` values, run against PostgreSQL: they select exactly
    /// the recipients whose data says so, and change nothing.
    @Test func hostileAttributeNamesAndValuesSelectOnlyWhatTheDataSays() async throws {
        try await TestDatabase.with { db in
            let name = "we'ird\"; drop table audience; --"  // headers are lower-cased
            let csv = """
                user_id,"we'ird""; DROP TABLE audience; --",score
                1,x' OR '1'='1,5
                2,日本,12
                3,plain,30
                4,x' OR '1'='1,40

                """
            let imported = try await herald(db, "recipients", "import", try temporaryFile(csv))
            try #require(imported.status == 0, "\(imported.stderr)")
            let shown = try jsonObject(try await herald(db, "recipients", "show", "1", "--json").stdout)
            #expect((shown["attributes"] as? [String: String])?[name] == "x' OR '1'='1")

            func preview(_ cohort: [String: Any]) async throws -> [Int] {
                let json = String(decoding: try JSONSerialization.data(withJSONObject: cohort), as: UTF8.self)
                let outcome = try await herald(db, "cohort", "preview", json, "--json")
                #expect(outcome.status == 0, "\(json): \(outcome.stderr)")
                return (try jsonObject(outcome.stdout)["sample"] as? [[String: Any]])?.compactMap {
                    $0["user_id"] as? Int
                } ?? []
            }
            #expect(try await preview(["attributes.\(name)": ["in": ["x' OR '1'='1", "日本"]]]) == [1, 2, 4])
            #expect(try await preview(["attributes.\(name)": ["in": ["') OR true --"]]]) == [])
            #expect(try await preview(["attributes.score": ["gte": 12]]) == [2, 3, 4])
            #expect(
                try await preview(["attributes.\(name)": ["in": ["x' OR '1'='1"]], "attributes.score": ["gte": 10]])
                    == [4])
            #expect(try await preview([:]) == [1, 2, 3, 4])
        }
    }
}
