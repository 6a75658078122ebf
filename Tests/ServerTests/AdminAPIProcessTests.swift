import EventStore
import Foundation
import HeraldTestSupport
import Testing

/// The admin API as `herald run` serves it: on with a token, off without, saying which at startup;
/// and the CLI and the API as two faces of one path.
@Suite(.serialized, .timeLimit(.minutes(3))) struct AdminAPIProcessTests {
    func environment(_ db: TestDatabase, token: String?) -> [String: String] {
        var environment = [
            "HERALD_DATABASE_URL": db.url, "HERALD_LISTEN": "127.0.0.1:0", "HERALD_LOG_FORMAT": "json",
            "HERALD_API_TOKEN": "",
        ]
        if let token { environment["HERALD_API_TOKEN"] = token }
        return environment
    }

    @Test func withoutATokenTheAPIIsOffAndStartupSaysSo() async throws {
        try await TestDatabase.with { db in
            let run = try RunningHerald(environment: environment(db, token: nil))
            let port = try await run.port()
            let answer = try await APIServer.call(port: port, "GET", "broadcasts")
            let posted = try await APIServer.call(port: port, "POST", "templates", #"{"name": "a", "text": "b"}"#)
            let (status, output) = await run.stop()
            #expect(answer.status == 503)
            #expect(answer.code == "api_disabled")
            #expect(answer.message?.contains("HERALD_API_TOKEN") == true)
            #expect(posted.status == 503)
            #expect(output.contains("the admin API is off (no HERALD_API_TOKEN)"), "\(output)")
            #expect(status == 0)
            #expect(try await EventStore(configuration: db.url, maximumConnections: 1).head() == 0)
        }
    }

    @Test func withATokenTheCLIAndTheAPIAreOnePath() async throws {
        try await TestDatabase.with { db in
            let token = "process-t0ken-\(UUID().uuidString)"
            let run = try RunningHerald(environment: environment(db, token: token))
            let port = try await run.port()
            let cli = ["HERALD_DATABASE_URL": db.url]
            _ = try await HeraldProcess.run(
                ["template", "create", "--name", "hello", "--text", "Hi {{ username }}"], environment: cli)
            let created = try await APIServer.call(
                port: port, "POST", "broadcasts", #"{"title": "From the API", "template": "hello", "cohort": {}}"#,
                token: token)
            let listed = try await HeraldProcess.run(["broadcast", "list", "--json"], environment: cli)
            // The same refusal, word for word, from both faces.
            let refusedByAPI = try await APIServer.call(
                port: port, "POST", "broadcasts", #"{"title": "t", "template": "hello", "cohort": {"plan": "x"}}"#,
                token: token)
            let refusedByCLI = try await HeraldProcess.run(
                ["broadcast", "create", "--title", "t", "--template", "hello", "--cohort", #"{"plan": "x"}"#],
                environment: cli)
            let (status, output) = await run.stop()

            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["broadcast_id"] as? String)
            #expect(listed.stdout.contains(#""broadcast_id":"\#(id)""#), "\(listed.stdout)")
            #expect(refusedByAPI.code == "invalid_cohort")
            #expect(refusedByCLI.status == 1)
            #expect(refusedByCLI.stderr.contains(try #require(refusedByAPI.message)), "\(refusedByCLI.stderr)")
            #expect(output.contains("the admin API is on at /api/v1"), "\(output)")
            #expect(!output.contains(token), "the token appeared in the log")
            #expect(status == 0)
        }
    }

    @Test func runHelpListsTheToken() async throws {
        let help = try await HeraldProcess.run(["run", "--help"])
        #expect((help.stdout + help.stderr).contains("HERALD_API_TOKEN"))
    }

    @Test func aTokenThatCannotTravelInAHeaderStopsStartup() async throws {
        try await TestDatabase.with { db in
            let outcome = try await HeraldProcess.run(["run"], environment: environment(db, token: "has space"))
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("HERALD_API_TOKEN must be visible ASCII characters"), "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("has space"))
        }
    }
}
