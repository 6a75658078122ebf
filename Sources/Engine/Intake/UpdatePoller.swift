import EventStore
import Foundation
public import Logging
import Postgres
import Synchronization
public import Telegram

/// `herald run --poll`: long-polls `getUpdates` for one bot, hands every update to the
/// `UpdateHandler`, and moves the offset (kept in `herald.intake`) past a batch only once all its
/// updates are recorded, so an update is confirmed to Telegram only after its events are
/// committed. One poller per bot across processes: a session advisory lock, as the sender's lease;
/// the others stand by and take over when its holder dies.
public final class UpdatePoller: Sendable {
    /// Telegram answered 409: a webhook is set for the bot, or something else polls it.
    public struct Conflict: Error, CustomStringConvertible {
        public let description: String
    }

    public static let allowedUpdates = ["message", "callback_query", "my_chat_member"]

    let handler: UpdateHandler
    let client: BotClient
    let database: String
    let holder: String
    let logger: Logger
    /// Seconds Telegram holds a getUpdates open when there is nothing to return.
    let timeout: Int
    private let stopping = Signal()
    private let state = StoppableState()
    /// Cancels the getUpdates in flight.
    private let current = Mutex<(@Sendable () -> Void)?>(nil)

    public init(
        handler: UpdateHandler, client: BotClient, database: String, holder: String, timeout: Int = 25,
        logger: Logger
    ) {
        self.handler = handler
        self.client = client
        self.database = database
        self.holder = holder
        self.timeout = timeout
        self.logger = logger
    }

    /// The advisory lock key of a bot's poller ("POLL" in the high bytes).
    static func lockKey(bot: Int64) -> Int64 { 0x504F_4C4C << 32 ^ bot }

    /// Polls until `shutdown()`; throws `Conflict` when Telegram refuses polling (409).
    public func run() async throws {
        let bot = handler.botID
        while !state.isStopping {
            let connection: Connection
            do {
                connection = try await Connection.connect(to: database, applicationName: "herald-poller")
                let taken = try await connection.query("SELECT pg_try_advisory_lock(\(Self.lockKey(bot: bot)))")
                guard try taken[0].decode(Bool.self, at: 0) else {
                    await stopping.wait(timeout: .seconds(1) + .milliseconds(Int64.random(in: 0...300)))
                    continue
                }
            } catch {
                logger.warning("cannot reach the database for the poller lease", metadata: ["error": "\(error)"])
                await stopping.wait(timeout: .seconds(1))
                continue
            }
            logger.info("polling Telegram for updates", metadata: ["bot": "\(bot)"])
            do {
                try await poll(on: connection)
            } catch let conflict as Conflict {
                throw conflict
            } catch {
                if !state.isStopping {
                    logger.warning("polling interrupted; trying again", metadata: ["error": "\(error)"])
                    await stopping.wait(timeout: .seconds(1))
                }
            }
        }
    }

    /// Stops polling: an open getUpdates is cut, and what it returned is not confirmed.
    public func shutdown() {
        state.stop()
        stopping.notify()
        current.withLock { $0?() }
    }

    private func poll(on connection: Connection) async throws {
        let bot = handler.botID
        _ = try await connection.execute(
            """
            INSERT INTO herald.intake (bot_id, mode, holder) VALUES (\(bot), 'poll', \(holder))
            ON CONFLICT (bot_id) DO UPDATE SET mode = 'poll', holder = excluded.holder, updated_at = now()
            """)
        var offset = try await connection.query("SELECT poll_offset FROM herald.intake WHERE bot_id = \(bot)")[0]
            .decode(Int64.self, at: 0)
        var failures = 0
        var conflicts = 0
        while !state.isStopping {
            let request = GetUpdates(
                offset: offset > 0 ? Int(offset) : nil, limit: 100, timeout: timeout,
                allowedUpdates: Self.allowedUpdates)
            let updates: [Update]
            do {
                updates = try await cancellableOnStop { try await self.client.getUpdates(request) }
            } catch let error as TelegramError where error.code == 409 {
                // A webhook excludes polling for good; another getUpdates (a predecessor's long poll
                // Telegram has not dropped yet, or a foreign program) may pass: a minute of them does not.
                conflicts += 1
                if error.reason.lowercased().contains("webhook") || conflicts > 30 {
                    throw Conflict(
                        description:
                            "Telegram refused getUpdates (409 Conflict: \(error.reason)): a webhook is set for this bot, "
                            + "or another program polls it; run herald run --webhook instead, or delete the webhook "
                            + "(deleteWebhook) and stop the other poller")
                }
                logger.warning(
                    "getUpdates conflicts with another poll; trying again", metadata: ["attempt": "\(conflicts)"])
                await stopping.wait(timeout: .seconds(2))
                continue
            } catch {
                if state.isStopping { return }
                failures += 1
                logger.warning("getUpdates failed", metadata: ["error": "\(error)", "attempt": "\(failures)"])
                await stopping.wait(timeout: .milliseconds(min(200 * (1 << min(failures, 5)), 5000)))
                continue
            }
            failures = 0
            conflicts = 0
            guard let last = updates.map(\.updateId).max() else { continue }
            // Every update of the batch recorded, or none confirmed: a failure leaves the offset,
            // and the batch comes again (what was recorded is then a no-op).
            let calls = try await withThrowingTaskGroup(of: [BotCall].self) { group in
                for update in updates { group.addTask { try await self.handler.receive(update) } }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            offset = Int64(last) + 1
            _ = try await connection.execute(
                "UPDATE herald.intake SET poll_offset = \(offset), updated_at = now() WHERE bot_id = \(bot)")
            for call in calls {
                do { try await call.perform(with: client) } catch {
                    logger.warning(
                        "reply to an update failed", metadata: ["method": "\(call.method)", "error": "\(error)"])
                }
            }
        }
    }

    /// Runs `body`, cancelled when the poller is told to stop (a long poll would hold a stop for
    /// up to `timeout` seconds).
    private func cancellableOnStop<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        current.withLock { $0 = { task.cancel() } }
        if state.isStopping { task.cancel() }
        defer { current.withLock { $0 = nil } }
        return try await task.value
    }
}
