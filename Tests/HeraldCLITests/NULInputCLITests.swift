import EventStore
import Foundation
import HeraldTestSupport
import Testing

/// A NUL (U+0000) in what an operator hands the CLI — a template file, a cohort, a CSV — is
/// refused naming where it is, exit 1, nothing appended; never cut at the NUL or failed later.
@Suite(.timeLimit(.minutes(2))) struct NULInputCLITests {
    @Test func aNULIsRefusedByNameAndAppendsNothing() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            _ = try await herald(db, "recipients", "import", try temporaryFile("user_id,tier\n1,premium\n"))
            _ = try await herald(db, "template", "create", "--name", "hi", "--text", "Hi")
            let head = try await store.head()
            let cases: [([String], String)] = [
                (
                    ["template", "create", "--name", "nul", "--file", try temporaryFile("Hi\u{0}there", suffix: "txt")],
                    "contains a NUL character"
                ),
                (
                    [
                        "broadcast", "create", "--title", "t", "--template", "hi", "--cohort",
                        #"{"tier": "premium\u0000zzz"}"#,
                    ], "tier contains a NUL character"
                ),
                (["cohort", "preview", #"{"tier": {"in": ["\u0000"]}}"#], "tier.in.0 contains a NUL character"),
                (
                    ["recipients", "import", try temporaryFile("user_id,tier\n2,gold\n3,pre\u{0}mium\n")],
                    "line 3: tier contains a NUL character"
                ),
            ]
            for (arguments, says) in cases {
                let outcome = try await HeraldProcess.run(arguments, environment: ["HERALD_DATABASE_URL": db.url])
                #expect(outcome.status == 1, "\(arguments): \(outcome.stderr)")
                #expect(outcome.stderr.contains(says), "\(arguments): \(outcome.stderr)")
                #expect(outcome.stderr.split(separator: "\n").count == 1, "one line: \(outcome.stderr)")
            }
            #expect(try await store.head() == head, "a refused command appends nothing")
        }
    }
}
