import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct RotationIntervalTests {
    @Test func readsWhatOperatorsType() {
        let cases: [(String, Int)] = [
            ("90s", 90), ("30m", 1_800), ("4h", 14_400), ("1d", 86_400), ("2w", 1_209_600), ("1h30m", 5_400),
            ("4H", 14_400),
        ]
        for (text, seconds) in cases {
            #expect(RotationInterval(parsing: text)?.seconds == seconds, "\(text)")
        }
    }

    @Test func refusesWhatIsNotAnInterval() {
        for text in ["", "4", "h", "4x", "-4h", "4 h", "1.5h", "h4", "99999999999999999999w"] {
            #expect(RotationInterval(parsing: text) == nil, "\(text)")
        }
    }

    @Test func printsTheShortestSpelling() {
        #expect(RotationInterval(seconds: 14_400).description == "4h")
        #expect(RotationInterval(seconds: 5_400).description == "1h30m")
        #expect(RotationInterval(seconds: 90).description == "1m30s")
        #expect(RotationInterval(seconds: 1_209_600).description == "2w")
        #expect(RotationInterval.maximum.description == "366d")
        #expect(RotationInterval(parsing: RotationInterval(seconds: 97_531).description)?.seconds == 97_531)
    }
}
