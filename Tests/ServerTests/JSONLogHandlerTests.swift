import Foundation
import Logging
import Testing

@testable import Server

@Suite struct JSONLogHandlerTests {
    @Test func aLineIsOneJSONObjectWithTheFieldsAtTheTop() throws {
        let line = JSONLogHandler.line(
            date: Date(timeIntervalSince1970: 0), level: .warning, message: "sent \"quoted\"\nnext",
            label: "herald.run",
            module: "Engine", metadata: ["bot": "42", "counts": ["sent": "3"], "level": "spoofed"])
        #expect(line.hasSuffix("\n") && line.dropLast().firstIndex(of: "\n") == nil)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect(object["message"] as? String == "sent \"quoted\"\nnext")
        #expect(object["label"] as? String == "herald.run")
        #expect(object["module"] as? String == "Engine")
        #expect(object["bot"] as? String == "42")
        #expect((object["counts"] as? [String: Any])?["sent"] as? String == "3")
        #expect(object["timestamp"] as? String == "1970-01-01T00:00:00.000Z")
    }
}
