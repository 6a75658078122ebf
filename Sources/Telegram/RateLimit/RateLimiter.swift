/// The send schedule of one bot: a global rate, a per-chat and per-group spacing, and pauses.
///
/// A pure state machine: it reads the clock only through `now`, so tests drive it with made-up
/// instants. The global rate is booked (a `.sendAt` answer owns that slot, so waiters don't all
/// wake for the same instant); a busy chat or a pause is not booked (`.retryAt`: ask again then),
/// so one chat's spacing never holds up the rest of a broadcast.
public struct RateLimiter: Sendable {
    public typealias Instant = ContinuousClock.Instant

    /// What the caller does now.
    public enum Decision: Sendable, Equatable {
        /// Send immediately.
        case send
        /// A slot is booked for this instant: sleep until then, then send (unless paused meanwhile).
        case sendAt(Instant)
        /// Nothing is booked: sleep until then and call `reserve` again.
        case retryAt(Instant)
    }

    /// Nil paces nothing: only `retry_after` pauses hold requests (for simulators and benchmarks).
    public let configuration: Configuration?
    private var nextGlobal: Instant?
    private var nextByChat: [Int64: Instant] = [:]
    /// No request to the bot before this instant (set from a `retry_after`).
    public private(set) var pausedUntil: Instant?

    public init(configuration: Configuration? = Configuration()) {
        self.configuration = configuration
    }

    /// Asks for a slot to send to `chat` (negative ids are groups), or nil for a call that sends no
    /// message (it only waits out a pause).
    public mutating func reserve(chat: Int64?, now: Instant) -> Decision {
        if let pausedUntil, now < pausedUntil { return .retryAt(pausedUntil) }
        guard let chat, let configuration else { return .send }
        if let next = nextByChat[chat], now < next { return .retryAt(next) }
        let slot = max(now, nextGlobal ?? now)
        nextGlobal = slot + configuration.globalInterval
        nextByChat[chat] = slot + (chat < 0 ? configuration.perGroupInterval : configuration.perChatInterval)
        forgetIdleChats(now: now)
        return slot <= now ? .send : .sendAt(slot)
    }

    /// Holds every request of the bot until `until`; later pauses extend, earlier ones don't shorten.
    public mutating func pause(until: Instant) {
        pausedUntil = max(pausedUntil ?? until, until)
        nextGlobal = max(nextGlobal ?? until, until)
    }

    /// True when a booked slot must not be used because a pause began after it was booked.
    public func isPaused(now: Instant) -> Bool {
        pausedUntil.map { now < $0 } ?? false
    }

    /// Keeps the per-chat table to chats still inside their spacing, so a million-user broadcast
    /// does not keep a million entries.
    private mutating func forgetIdleChats(now: Instant) {
        guard nextByChat.count > 4096 else { return }
        nextByChat = nextByChat.filter { $0.value > now }
    }
}
