import Broadcasting
import Engine
import EventStore
import Foundation
import HeraldTestSupport
import Postgres
import Testing

/// Clicks and conversions against a real log: the dedupe constraint under concurrent presses,
/// and conversions attributed only to recipients a broadcast targeted.
@Suite(.timeLimit(.minutes(5))) struct EngagementTests {
    let metadata = CommandMetadata(actor: "test:engagement")

    @Test func ofConcurrentFirstPressesExactlyOneIsUnique() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url, maximumConnections: 8)
            let recorder = ClickRecorder(store: store, metadata: metadata)
            let click = CTAClicked(broadcastID: UUID(), userID: 42, button: "buy", source: .callback)
            let presses = try await withThrowingTaskGroup(of: ClickRecorder.Press.self) { group in
                for _ in 0..<12 { group.addTask { try await recorder.record(click) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(presses.filter { $0 == .unique }.count == 1)
            #expect(presses.filter { $0 == .repeated }.count == 11)
            #expect(try await store.readStream(click.stream).map(\.streamVersion) == Array(1...12))

            let other = CTAClicked(broadcastID: click.broadcastID, userID: 42, button: "more", source: .url)
            #expect(try await recorder.record(other) == .unique)
        }
    }

    @Test func aRedeliveredPressIsStoredOnce() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let recorder = ClickRecorder(store: store, metadata: metadata)
            let click = CTAClicked(broadcastID: UUID(), userID: 1, button: "buy", source: .callback)
            let id = UUID()
            #expect(try await recorder.record(click, id: id) == .unique)
            try await recorder.record(click, id: id)
            #expect(try await store.readStream(click.stream).map(\.id) == [id])
        }
    }

    @Test func aRedeliveredRepeatPressIsStillARepeat() async throws {
        try await TestDatabase.with { db in
            let recorder = ClickRecorder(store: EventStore(configuration: db.url), metadata: metadata)
            let click = CTAClicked(broadcastID: UUID(), userID: 1, button: "buy", source: .callback)
            let first = UUID()
            let second = UUID()
            var presses: [ClickRecorder.Press] = []
            for id in [first, second, second, first] { presses.append(try await recorder.record(click, id: id)) }
            #expect(presses == [.unique, .repeated, .repeated, .unique])
        }
    }

    /// Recipients 1, 2 and 3; a broadcast sent to 1 and 2.
    func sentBroadcast(_ store: EventStore) async throws -> UUID {
        _ = try await RecipientImport(csv: "user_id\n1\n2\n3\n").run(on: store, metadata: metadata)
        try await TemplateHandler(store: store, metadata: metadata).create(name: "promo", body: "Hi", buttons: [])
        let broadcasts = BroadcastHandler(store: store, metadata: metadata)
        let id = try await broadcasts.create(title: "Sale", template: "promo", cohort: .object([:]))
        try await broadcasts.send(id) { _ in [1, 2].map { AudienceMember(userID: $0) } }
        return id
    }

    @Test func conversionsOfTargetedRecipientsOnlyAndOncePerId() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url)
            let handler = ConversionHandler(store: store, metadata: metadata)
            let broadcast = try await sentBroadcast(store)
            let id = UUID()
            let mark = MarkConversion(conversionID: id, broadcastID: broadcast, userID: 2, goal: "purchase", value: 5)
            try await handler.mark(mark)
            let stored = try await store.readStream(StreamName.conversion(id))
            #expect(stored.map(\.type) == [ConversionMarked.type])

            let head = try await store.head()
            func refused(_ command: MarkConversion, _ rejection: DecisionRejection) async {
                await #expect(throws: rejection) { try await handler.mark(command) }
            }
            await refused(mark, .conversionMarked(id))
            var other = mark
            other.conversionID = UUID()
            other.userID = 3
            await refused(other, .notInAudience(3))
            other.userID = 99
            await refused(other, .unknownRecipient(99))
            other.userID = 1
            other.broadcastID = UUID()
            await refused(other, .unknownBroadcast)
            #expect(try await store.head() == head)
        }
    }

    @Test func concurrentMarksWithOneIdCountOnce() async throws {
        try await TestDatabase.with { db in
            let store = EventStore(configuration: db.url, maximumConnections: 8)
            let handler = ConversionHandler(store: store, metadata: metadata)
            let broadcast = try await sentBroadcast(store)
            let mark = MarkConversion(conversionID: UUID(), broadcastID: broadcast, userID: 1, goal: "signup")
            let outcomes = await withTaskGroup(of: Result<UUID, any Error>.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do {
                            return .success(try await handler.mark(mark))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let refusals = outcomes.compactMap { outcome -> (any Error)? in
                if case .failure(let error) = outcome { return error }
                return nil
            }
            #expect(refusals.count == 7)
            #expect(
                refusals.allSatisfy { ($0 as? DecisionRejection) == .conversionMarked(mark.conversionID) },
                "\(refusals)")
            #expect(try await store.readStream(StreamName.conversion(mark.conversionID)).count == 1)
        }
    }
}
