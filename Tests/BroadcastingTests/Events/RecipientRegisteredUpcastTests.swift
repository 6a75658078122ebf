import Foundation
import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct RecipientRegisteredUpcastTests {
    let v1JSON = #"{"attributes":{"tier":"premium"},"chat_id":42,"user_id":42,"username":"ana"}"#

    @Test func v1DataReadsAsV2WithUndeterminedLanguage() throws {
        let event = try EventCatalogue.decode("recipient.registered", schemaVersion: 1, data: Data(v1JSON.utf8))
        let registered = try #require(event as? RecipientRegistered)
        #expect(
            registered
                == RecipientRegistered(
                    userID: 42, chatID: 42, username: "ana", attributes: ["tier": "premium"], language: "und"))
    }

    @Test func v2DataKeepsItsLanguage() throws {
        let json = #"{"attributes":{},"chat_id":1,"language":"pt-BR","user_id":1}"#
        let event = try EventCatalogue.decode("recipient.registered", schemaVersion: 2, data: Data(json.utf8))
        #expect((event as? RecipientRegistered)?.language == "pt-BR")
        #expect((event as? RecipientRegistered)?.username == nil)
    }

    @Test func v1DataIsNotValidV2() {
        #expect(throws: DecodingError.self) {
            try EventCatalogue.decode("recipient.registered", schemaVersion: 2, data: Data(v1JSON.utf8))
        }
    }
}
