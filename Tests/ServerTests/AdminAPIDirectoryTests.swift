import Foundation
import HeraldTestSupport
import Testing

/// Templates, cohorts, recipients and rotations over the admin API, over real HTTP.
@Suite(.serialized, .timeLimit(.minutes(3))) struct AdminAPIDirectoryTests {
    @Test func templatesAreWrittenRevisedPreviewedAndArchived() async throws {
        try await TestDatabase.with { db in
            try await APIServer.with(db) { api in
                try await api.importRecipients("user_id,chat_id,username,tier\n7,7,dana,premium\n")
                let created = try await api.call(
                    "POST", "templates",
                    #"{"name": "promo", "text": "Hi {{ username }}", "category": "sales", "parse_mode": "HTML"}"#)
                #expect(created.status == 201, "\(created.text)")
                #expect(created.json["parse_mode"] as? String == "HTML")
                #expect(created.json["revision"] as? Int == 1)
                try await api.template("other")

                let sales = try await api.call("GET", "templates?category=sales")
                #expect((sales.json["templates"] as? [[String: Any]])?.map { $0["name"] as? String } == ["promo"])
                let all = try await api.call("GET", "templates")
                #expect((all.json["templates"] as? [Any])?.count == 2)

                let revised = try await api.call(
                    "PATCH", "templates/promo",
                    #"{"buttons": [{"id": "go", "text": "Go", "url": "https://example.com"}], "category": null}"#)
                #expect(revised.status == 200, "\(revised.text)")
                #expect(revised.json["revision"] as? Int == 2)
                #expect(revised.json["body"] as? String == "Hi {{ username }}")
                #expect(revised.json["category"] == nil)
                #expect(revised.json["parse_mode"] as? String == "HTML")

                let shown = try await api.call("GET", "templates/promo")
                #expect((shown.json["buttons"] as? [[String: Any]])?.first?["url"] as? String == "https://example.com")

                let preview = try await api.call("GET", "templates/promo/preview?recipient=7")
                #expect(preview.status == 200, "\(preview.text)")
                #expect(preview.json["text"] as? String == "Hi dana")

                let archived = try await api.call("DELETE", "templates/promo")
                #expect(archived.status == 200)
                #expect(archived.json["archived"] as? Bool == true)
            }
        }
    }

    @Test func cohortsAndRecipientsAreRead() async throws {
        try await TestDatabase.with { db in
            try await APIServer.with(db) { api in
                try await api.importRecipients(
                    "user_id,chat_id,username,tier,region\n1,1,a,premium,EU\n2,2,b,premium,US\n3,3,c,free,EU\n")
                let preview = try await api.call(
                    "POST", "cohorts/preview",
                    #"{"cohort": {"tier": "premium", "region": {"in": ["EU"]}}, "sample": 5}"#)
                #expect(preview.status == 200, "\(preview.text)")
                #expect(preview.json["size"] as? Int == 1)
                #expect((preview.json["sample"] as? [[String: Any]])?.first?["user_id"] as? Int == 1)

                let recipient = try await api.call("GET", "recipients/3")
                #expect(recipient.status == 200)
                #expect(recipient.json["username"] as? String == "c")
                #expect((recipient.json["attributes"] as? [String: String])?["tier"] == "free")
            }
        }
    }

    @Test func rotationsAreSetUpPausedAndResumed() async throws {
        try await TestDatabase.with { db in
            try await APIServer.with(db) { api in
                try await api.template("a")
                try await api.template("b")
                let created = try await api.call(
                    "POST", "rotations",
                    #"{"name": "daily", "every": "1d", "chats": [-1001, -1002], "templates": ["a", "b"], "start": "2099-01-01T00:00:00Z"}"#
                )
                #expect(created.status == 201, "\(created.text)")
                #expect(created.json["templates"] as? [String] == ["a", "b"])
                #expect(created.json["next_run"] as? String == "2099-01-01T00:00:00Z")
                let id = try #require(created.json["rotation_id"] as? String)

                let paused = try await api.call("POST", "rotations/daily/pause")
                #expect(paused.status == 200, "\(paused.text)")
                #expect(paused.json["status"] as? String == "paused")
                #expect(paused.json["next_run"] == nil)

                let resumed = try await api.call("POST", "rotations/\(id)/resume")
                #expect(resumed.json["status"] as? String == "active", "\(resumed.text)")

                let shown = try await api.call("GET", "rotations/\(id)")
                #expect(shown.json["name"] as? String == "daily")
                let listed = try await api.call("GET", "rotations")
                #expect((listed.json["rotations"] as? [[String: Any]])?.map { $0["name"] as? String } == ["daily"])
            }
        }
    }
}
