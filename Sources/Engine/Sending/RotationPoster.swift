public import Broadcasting
import EventStore
import Foundation
import Logging
import Postgres
import Projections
import Telegram

/// Posts rotation slots when they fall due: each chat gets the slot's template, and each chat's
/// outcome is its own event, so one failing chat never stops the others.
///
/// A slot is posted if the sender reaches it within `grace` of its time (a restart, a takeover);
/// later it counts as missed and the next slot is the next run (RotationSchedule's policy). A post
/// is marked in `herald.rotation_posts` before its request; a mark a dead sender left becomes
/// `rotation.post-failed` with an unknown outcome, so a slot is never posted twice to a chat.
struct RotationPoster: Sendable {
    let dispatch: DispatchStore
    let client: BotClient
    let throttle: Throttle
    let rotations: RotationHandler
    let logger: Logger
    var grace: Duration = .seconds(60)
    /// The clock: the wall's, or a test's.
    var now: @Sendable () -> Date = { Date() }

    /// Posts due slots until `stopped` says so, waking at the next slot (and every few seconds,
    /// to see rotations created or resumed meanwhile).
    func run(until stopped: @Sendable () -> Bool) async throws {
        let connection = try await Connection.connect(
            to: dispatch.store.configuration, applicationName: "herald-rotations")
        while !stopped() {
            let next = try await postDue(on: connection)
            try? await Task.sleep(for: min(next ?? .seconds(5), .seconds(5)))
        }
    }

    /// Posts every due slot; returns how long until the next one (nil: none).
    func postDue(on connection: Connection) async throws -> Duration? {
        try await ProjectionRunner(configuration: dispatch.store.configuration, projector: Rotations()).catchUp()
        var next: Date?
        for row in try await Rotations.rows(on: connection) where row.status == RotationStatus.active.rawValue {
            if let due = try await post(row.rotationID) { next = min(next ?? due, due) }
        }
        return next.map { .milliseconds(Int64(max(0, $0.timeIntervalSince(now())) * 1000) + 1) }
    }

    /// Posts the rotation's due slot, if any; returns when its next slot falls.
    private func post(_ id: UUID) async throws -> Date? {
        let (state, _) = try await rotations.processor.load(StreamName.rotation(id))
        guard state.status == .active, let schedule = state.schedule else { return nil }
        let now = self.now()
        let elapsed = now.timeIntervalSince(schedule.startsAt.date)
        guard elapsed >= 0 else { return schedule.startsAt.date }
        let sequence = Int((elapsed / Double(max(1, schedule.intervalSeconds))).rounded(.down))
        let nextTime = schedule.time(ofSlot: sequence + 1).date
        guard
            sequence >= state.nextSequence
                || (sequence == state.lastSequence && state.chatsDone.count < state.chatIDs.count)
        else { return nextTime }
        let slot = schedule.slot(sequence)
        guard now.timeIntervalSince(slot.at.date) <= grace / .seconds(1) else { return nextTime }  // missed
        let chats = state.chatIDs.filter { sequence != state.lastSequence || !state.chatsDone.contains($0) }
        guard let templateID = slot.templateID else { return nextTime }
        let plan = try await self.plan(id, templateID)
        for chat in chats {
            await post(id, sequence: sequence, chat: chat, plan: plan)
        }
        return nextTime
    }

    /// One chat's post of one slot; any failure is recorded for that chat alone.
    private func post(_ id: UUID, sequence: Int, chat: Int64, plan: BroadcastPlan) async {
        do {
            let fresh = try await dispatch.fenced { [epoch = dispatch.epoch] session in
                let existing = try session.query(
                    """
                    SELECT epoch FROM herald.rotation_posts
                    WHERE rotation_id = \(id) AND sequence = \(Int32(sequence)) AND chat_id = \(chat)
                    """)
                guard existing.isEmpty else { return false }
                try session.execute(
                    """
                    INSERT INTO herald.rotation_posts (rotation_id, sequence, chat_id, epoch)
                    VALUES (\(id), \(Int32(sequence)), \(chat), \(epoch))
                    """)
                return true
            }
            if fresh {
                let delivery = ClaimedDelivery(broadcastID: id, userID: chat, chatID: chat, markVersion: 0)
                do {
                    let message = try await send(try await plan.message(for: delivery))
                    try await rotations.recordPost(
                        id, sequence: sequence, chat: chat, messageID: Int64(message.messageId))
                } catch let error as TelegramError {
                    try await rotations.recordFailure(
                        id, sequence: sequence, chat: chat, errorClass: Self.errorClass(error), code: error.code ?? 0,
                        description: error.reason)
                } catch let error as TemplateRejection {
                    try await rotations.recordFailure(
                        id, sequence: sequence, chat: chat, errorClass: .content, code: 0, description: "\(error)")
                }
            } else {
                try await rotations.recordFailure(
                    id, sequence: sequence, chat: chat, errorClass: .transient, code: 0,
                    description: "outcome unknown: the sender stopped while posting; not posted again")
            }
            try await dispatch.fenced { session in
                try session.execute(
                    """
                    DELETE FROM herald.rotation_posts
                    WHERE rotation_id = \(id) AND sequence = \(Int32(sequence)) AND chat_id = \(chat)
                    """)
            }
        } catch {
            logger.warning(
                "rotation post failed",
                metadata: ["rotation": "\(id)", "slot": "\(sequence)", "chat": "\(chat)", "error": "\(error)"])
        }
    }

    /// Sends, waiting out 429s (the client has paused the bot's requests for their retry_after).
    private func send(_ message: SendMessage) async throws -> SentMessage {
        var attempt = 0
        while true {
            attempt += 1
            try await throttle.acquire(chat: message.chatId)
            do {
                return try await client.send(message)
            } catch let error as TelegramError where error.kind == .rateLimited && attempt < 5 {
                await throttle.pause(seconds: error.retryAfter ?? 1)
            }
        }
    }

    private func plan(_ rotation: UUID, _ templateID: UUID) async throws -> BroadcastPlan {
        let template = try await dispatch.template(templateID)
        return BroadcastPlan(broadcastID: rotation, template: template, guarantee: .atMostOnce, paid: false)
    }

    static func errorClass(_ error: TelegramError) -> SendErrorClass {
        switch error.kind {
        case .rateLimited: .rateLimited
        case .recipientGone: .recipientGone
        case .contentError: .content
        case .chatMigrated: .chatMoved
        default: .transient
        }
    }
}
