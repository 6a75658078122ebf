import Foundation
import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct EventCatalogueTests {
    @Test func everyEntryHasADistinctTypeAndVersion() {
        let keys = EventCatalogue.all.map { "\($0.type) v\($0.schemaVersion)" }
        #expect(Set(keys).count == keys.count)
        #expect(keys.count == 36)
    }

    @Test func samplesCoverTheCatalogueInOrder() {
        let sampled = EventCatalogue.samples.map { "\(type(of: $0).type) v\(type(of: $0).schemaVersion)" }
        let listed = EventCatalogue.all.map { "\($0.type) v\($0.schemaVersion)" }
        #expect(sampled == listed)
    }

    @Test func everySampleRoundTripsThroughStoredJSON() throws {
        for sample in EventCatalogue.samples {
            let data = try EventCatalogue.encode(sample)
            let eventType = type(of: sample)
            let decoded = try JSONDecoder().decode(eventType, from: data)
            #expect(try EventCatalogue.encode(decoded) == data, "\(eventType.type)")
        }
    }

    @Test func storedKeysAreSnakeCase() throws {
        for sample in EventCatalogue.samples {
            let object = try JSONSerialization.jsonObject(with: EventCatalogue.encode(sample))
            let keys = (object as? [String: Any])?.keys.map { $0 } ?? []
            #expect(!keys.isEmpty)
            for key in keys {
                #expect(key == key.lowercased(), "\(type(of: sample).type): \(key)")
            }
        }
    }

    @Test func timestampsAreISO8601Strings() throws {
        let event = BroadcastScheduled(
            broadcastID: UUID(), sendAt: Timestamp(Date(timeIntervalSince1970: 1_795_000_000)))
        let text = String(decoding: try EventCatalogue.encode(event), as: UTF8.self)
        #expect(text.contains(#""send_at":"2026-11-18T11:06:40Z""#))
    }

    /// Templates written before parse modes and categories read as MarkdownV2 with no category.
    @Test func templateV1EventsUpcastToV2() throws {
        let id = UUID()
        let buttons = [TemplateButton(id: "buy", text: "Buy")]
        let created = try EventCatalogue.decode(
            TemplateCreated.type, schemaVersion: 1,
            data: EventCatalogue.encode(TemplateCreatedV1(templateID: id, name: "promo", body: "Hi", buttons: buttons)))
        #expect(
            created as? TemplateCreated
                == TemplateCreated(
                    templateID: id, name: "promo", body: "Hi", parseMode: .markdownV2, category: nil, buttons: buttons))
        let revised = try EventCatalogue.decode(
            TemplateRevised.type, schemaVersion: 1,
            data: EventCatalogue.encode(TemplateRevisedV1(templateID: id, revision: 2, body: "Ho", buttons: [])))
        #expect(
            revised as? TemplateRevised
                == TemplateRevised(
                    templateID: id, revision: 2, body: "Ho", parseMode: .markdownV2, category: nil, buttons: []))
    }

    @Test func unknownTypeIsRejectedByName() {
        #expect(throws: EventDecodingError.unknownType("broadcast.exploded", schemaVersion: 1)) {
            try EventCatalogue.decode("broadcast.exploded", schemaVersion: 1, data: Data("{}".utf8))
        }
    }

    @Test func streamNamesNameTheirAggregate() throws {
        let id = try #require(UUID(uuidString: "6F1D2C3B-0000-4000-8000-00000000ABCD"))
        #expect(StreamName.broadcast(id) == "broadcast-6f1d2c3b-0000-4000-8000-00000000abcd")
        #expect(
            StreamName.click(broadcast: id, user: 42, button: "buy")
                == "click-6f1d2c3b-0000-4000-8000-00000000abcd-42-buy")
        #expect(CTAClicked(broadcastID: id, userID: 42, button: "buy", source: .url).stream.hasPrefix("click-"))
    }
}
