import Broadcasting
import EventStore
import Foundation
import HeraldTestSupport
import Logging
import Postgres
import Projections
import Synchronization
import Telegram
import TelegramSimulator
import Testing

@testable import Engine

/// Rotation slots posted by the sender, with a clock the test moves.
@Suite(.timeLimit(.minutes(3))) struct RotationPosterTests {
    final class Clock: Sendable {
        let value: Mutex<Date>
        init(_ date: Date) { value = Mutex(date) }
        func now() -> Date { value.withLock { $0 } }
        func set(_ date: Date) { value.withLock { $0 = date } }
    }

    /// Two templates in turn to two groups, one of which is gone: each slot posts its template to
    /// every chat, the gone one fails alone, a second look at the same slot posts nothing, a mark a
    /// dead sender left is recorded unknown rather than posted again, and a slot passed over long
    /// ago is missed, not posted late.
    @Test func slotsPostInTurnToEveryChatOnceAndAFailingChatIsolated() async throws {
        try await SendingRig.with({ $0.missingChats = [-300] }) { rig in
            let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 + 120)
            let clock = Clock(start)
            let store = EventStore(configuration: rig.db.url)
            let metadata = CommandMetadata(actor: "test")
            let templates = TemplateHandler(store: store, metadata: metadata)
            try await templates.create(name: "a", body: "Deal A", buttons: [])
            try await templates.create(name: "b", body: "Deal B", buttons: [])
            let rotations = RotationHandler(store: store, metadata: metadata) { clock.now() }
            let id = try await rotations.create(
                name: "daily", chats: [-100, -200, -300], templates: ["a", "b"], intervalSeconds: 3600,
                startsAt: start)

            let lease = try #require(
                try await SenderLease.acquire(bot: 777001, holder: "test", configuration: rig.db.url))
            let transport = try CurlTransport()
            defer { transport.shutdown() }
            let client = BotClient(
                token: BotToken(rig.token), apiURL: rig.simulator.baseURL, transport: transport, rateLimit: nil)
            var poster = RotationPoster(
                dispatch: try DispatchStore(store: store, botID: 777001, epoch: lease.epoch), client: client,
                throttle: Throttle(configuration: nil), rotations: rotations, logger: Logger(label: "test"))
            poster.now = { clock.now() }
            let connection = try await rig.db.connect()

            _ = try await poster.postDue(on: connection)
            _ = try await poster.postDue(on: connection)  // the same slot again: nothing more
            #expect(rig.simulator.messages(chat: -100).map(\.text) == ["Deal A"])
            #expect(rig.simulator.messages(chat: -200).map(\.text) == ["Deal A"])

            clock.set(start.addingTimeInterval(3600 + 5))
            // A sender died while posting slot 1 to group -200: its mark is left behind.
            try await connection.execute(
                "INSERT INTO herald.rotation_posts VALUES (\(id), 1, -200, \(lease.epoch - 1))")
            _ = try await poster.postDue(on: connection)
            #expect(rig.simulator.messages(chat: -100).map(\.text) == ["Deal A", "Deal B"])
            #expect(rig.simulator.messages(chat: -200).map(\.text) == ["Deal A"], "not posted twice")

            clock.set(start.addingTimeInterval(3 * 3600 + 3000))  // slot 2 missed, slot 3 passed long ago
            _ = try await poster.postDue(on: connection)
            #expect(rig.simulator.messages(chat: -100).count == 2, "missed slots are not posted late")

            let events = try await store.readStream(StreamName.rotation(id)).map { try EventCatalogue.decode($0) }
            let posted = events.compactMap { $0 as? RotationPosted }.map { "\($0.sequence):\($0.chatID)" }
            let failed = events.compactMap { $0 as? RotationPostFailed }.map { "\($0.sequence):\($0.chatID)" }
            #expect(posted == ["0:-100", "0:-200", "1:-100"])
            #expect(failed == ["0:-300", "1:-200", "1:-300"])
        }
    }
}
