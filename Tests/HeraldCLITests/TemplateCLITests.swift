import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

/// Templates through the built binary: the commands, the read model, preview and every refusal.
@Suite(.timeLimit(.minutes(5))) struct TemplateCLITests {
    @Test func createListShowReviseArchiveRoundTrip() async throws {
        try await TestDatabase.with { db in
            let created = try await herald(
                db, "template", "create", "--name", "promo", "--text", "Hi {{ first_name }}\\!",
                "--button", "Buy now|callback:buy", "--button", "Shop|https://example.com/sale")
            #expect(created.status == 0, "\(created.stderr)")

            let listed = try await herald(db, "template", "list", "--json")
            #expect(listed.status == 0, "\(listed.stderr)")
            let rows = try listed.stdout.split(separator: "\n").map { try jsonObject(String($0)) }
            #expect(rows.map { $0["name"] as? String } == ["promo"])
            let buttons = try #require(rows.first?["buttons"] as? [[String: String]])
            #expect(
                buttons == [
                    ["id": "buy", "text": "Buy now"],
                    ["id": "shop", "text": "Shop", "url": "https://example.com/sale"],
                ])

            let body = try temporaryFile("Hello {{ first_name }}, new prices\\.", suffix: "txt")
            let revised = try await herald(db, "template", "revise", "promo", "--file", body)
            #expect(revised.status == 0, "\(revised.stderr)")
            var shown = try jsonObject(try await herald(db, "template", "show", "promo", "--json").stdout)
            #expect(shown["revision"] as? Int == 2)
            #expect(shown["body"] as? String == "Hello {{ first_name }}, new prices\\.")
            #expect((shown["buttons"] as? [Any])?.isEmpty == true)
            #expect(shown["archived"] as? Bool == false)

            #expect(try await herald(db, "template", "archive", "promo").status == 0)
            shown = try jsonObject(try await herald(db, "template", "show", "promo", "--json").stdout)
            #expect(shown["archived"] as? Bool == true)
        }
    }

    @Test func previewEscapesTheRecipientsValues() async throws {
        try await TestDatabase.with { db in
            let csv = "user_id,first_name,username,tier\n7,Ann_Marie (2),ann,premium\n"
            #expect(try await herald(db, "recipients", "import", try temporaryFile(csv)).status == 0)
            _ = try await herald(
                db, "template", "create", "--name", "promo", "--text", "Hi *{{ first_name }}* @{{ username }}\\!",
                "--button", "Buy|callback:buy")
            let preview = try await herald(db, "template", "preview", "promo", "--recipient", "7", "--json")
            #expect(preview.status == 0, "\(preview.stderr)")
            let result = try jsonObject(preview.stdout)
            #expect(result["text"] as? String == "Hi *Ann\\_Marie \\(2\\)* @ann\\!")
            #expect((result["buttons"] as? [[String: String]]) == [["id": "buy", "text": "Buy"]])

            let text = try await herald(db, "template", "preview", "promo", "--recipient", "7")
            #expect(text.stdout == "Hi *Ann\\_Marie \\(2\\)* @ann\\!\n[Buy] callback:buy\n")
        }
    }

    /// An HTML template filed under a category: values are escaped for HTML, the list filters by
    /// category, and a revision keeps the parse mode unless told otherwise.
    @Test func parseModeAndCategory() async throws {
        try await TestDatabase.with { db in
            let csv = "user_id,first_name\n7,<Ann & Co>\n"
            #expect(try await herald(db, "recipients", "import", try temporaryFile(csv)).status == 0)
            let created = try await herald(
                db, "template", "create", "--name", "promo", "--text", "Hi <b>{{ first_name }}</b>!", "--parse-mode",
                "html", "--category", "promo")
            #expect(created.status == 0, "\(created.stderr)")
            #expect(try await herald(db, "template", "create", "--name", "note", "--text", "Plain").status == 0)

            let preview = try jsonObject(
                try await herald(db, "template", "preview", "promo", "--recipient", "7", "--json").stdout)
            #expect(preview["text"] as? String == "Hi <b>&lt;Ann &amp; Co&gt;</b>!")
            #expect(preview["parse_mode"] as? String == "HTML")

            let promos = try await herald(db, "template", "list", "--category", "promo", "--json")
            let rows = try promos.stdout.split(separator: "\n").map { try jsonObject(String($0)) }
            #expect(rows.map { $0["name"] as? String } == ["promo"])
            #expect(rows.first?["category"] as? String == "promo")
            let note = try jsonObject(try await herald(db, "template", "show", "note", "--json").stdout)
            #expect(note["parse_mode"] as? String == "MarkdownV2")
            #expect(note["category"] == nil)

            #expect(
                try await herald(db, "template", "revise", "promo", "--text", "Hey <i>{{ first_name }}</i>").status == 0
            )
            var shown = try jsonObject(try await herald(db, "template", "show", "promo", "--json").stdout)
            #expect(shown["parse_mode"] as? String == "HTML")
            #expect(shown["category"] as? String == "promo")
            let cleared = try await herald(
                db, "template", "revise", "promo", "--text", "Hey", "--parse-mode", "plain", "--category", "")
            #expect(cleared.status == 0, "\(cleared.stderr)")
            shown = try jsonObject(try await herald(db, "template", "show", "promo", "--json").stdout)
            #expect(shown["parse_mode"] as? String == "plain")
            #expect(shown["category"] == nil)
        }
    }

    @Test func refusalsAppendNothingAndSayWhy() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            _ = try await herald(db, "recipients", "import", try temporaryFile("user_id,first_name\n7,Ann\n"))
            _ = try await herald(db, "template", "create", "--name", "promo", "--text", "Hi {{ nickname }}")
            _ = try await herald(db, "template", "create", "--name", "old", "--text", "Old")
            _ = try await herald(db, "template", "archive", "old")
            let head = try await store.head()
            let long = String(repeating: "x", count: 50)
            let cases: [(arguments: [String], says: String)] = [
                (["template", "create", "--name", "promo", "--text", "again"], "a template named promo exists"),
                (["template", "create", "--name", "bad", "--text", "{% if %}"], "does not parse"),
                (["template", "preview", "promo", "--recipient", "7"], "{{ nickname }}"),
                (["template", "create", "--name", "b", "--text", "x", "--button", "Go|ftp://x"], "Go|ftp://x"),
                (["template", "create", "--name", "b", "--text", "x", "--button", "Go|callback:\(long)"], "64"),
                (["template", "revise", "nope", "--text", "x"], "no template named nope"),
                (["template", "archive", "nope"], "no template named nope"),
                (["template", "revise", "old", "--text", "x"], "archived"),
                (
                    ["template", "create", "--name", "r", "--text", "x", "--parse-mode", "rtf"],
                    "rtf is not a parse mode"
                ),
                (
                    ["template", "create", "--name", "c", "--text", "x", "--category", "Big Sale"],
                    #"category "Big Sale""#
                ),
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
}
