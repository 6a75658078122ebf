import Server
import Testing

@Suite struct ReadinessReportTests {
    @Test func readyWhenReachableCurrentAndCaughtUp() {
        let seen = ReadinessReport.Observation(appliedMigration: 6, projectorLag: [("stats", 3), ("audience", 0)])
        let report = ReadinessReport.evaluate(seen, latestMigration: 6, maxLag: 10)
        #expect(report.ready && report.failing.isEmpty)
        #expect(report.checks.map(\.name) == ["database", "migrations", "projector_lag"])
    }

    @Test func unreachableDatabaseFailsEveryCheckAndSaysWhy() {
        let report = ReadinessReport.evaluate(
            .init(unreachable: "connection refused"), latestMigration: 6, maxLag: 10)
        #expect(!report.ready)
        #expect(report.failing == ["database", "migrations", "projector_lag"])
        #expect(report.checks.first?.detail == "connection refused")
    }

    @Test func anOldSchemaIsNamedWithTheFix() {
        let report = ReadinessReport.evaluate(.init(appliedMigration: nil), latestMigration: 6, maxLag: 10)
        #expect(report.failing.first == "migrations")
        #expect(report.checks[1].detail.contains("herald migrate"))
    }

    @Test func aProjectorPastTheLimitIsNamed() {
        let seen = ReadinessReport.Observation(appliedMigration: 6, projectorLag: [("stats", 11), ("audience", 2)])
        let report = ReadinessReport.evaluate(seen, latestMigration: 6, maxLag: 10)
        #expect(report.failing == ["projector_lag"])
        #expect(report.checks[2].detail.contains("stats trails the log by 11"))
    }
}

@Suite struct ReadinessWhileStoppingTests {
    @Test func aStoppingProcessIsNotReadyAndSaysSo() {
        let seen = ReadinessReport.Observation(appliedMigration: 6, stopping: true)
        let report = ReadinessReport.evaluate(seen, latestMigration: 6, maxLag: 10)
        #expect(!report.ready && report.failing == ["stopping"])
    }
}

@Suite struct ListenAddressTests {
    @Test func parsesHostPortAndOff() throws {
        #expect(try ListenAddress.parse("127.0.0.1:8080") == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(try ListenAddress.parse("[::1]:9000") == ListenAddress(host: "::1", port: 9000))
        #expect(try ListenAddress.parse("off") == nil)
        #expect(try ListenAddress.parse("") == nil)
    }

    @Test func rejectsWhatIsNotHostPort() {
        for text in ["8080", "localhost:", "localhost:http", "host:70000", ":80"] {
            #expect(throws: ListenAddressError.self, "\(text)") { try ListenAddress.parse(text) }
        }
    }
}

@Suite struct LogFormatTests {
    @Test func jsonUnlessATerminalOrSaidOtherwise() throws {
        #expect(try LogFormat.resolve(nil, stderrIsTerminal: false) == .json)
        #expect(try LogFormat.resolve(nil, stderrIsTerminal: true) == .text)
        #expect(try LogFormat.resolve("JSON", stderrIsTerminal: true) == .json)
        #expect(try LogFormat.resolve("text", stderrIsTerminal: false) == .text)
        #expect(throws: LogFormatError.self) { try LogFormat.resolve("xml", stderrIsTerminal: false) }
    }
}
