/// The async face of `RateLimiter`: callers wait here until they may talk to the bot's API.
public actor Throttle {
    private var limiter: RateLimiter
    private let clock = ContinuousClock()

    public init(configuration: RateLimiter.Configuration? = RateLimiter.Configuration()) {
        limiter = RateLimiter(configuration: configuration)
    }

    /// Returns when a message to `chat` may go out (or, for nil, when the bot is not paused).
    public func acquire(chat: Int64?) async throws {
        while true {
            switch limiter.reserve(chat: chat, now: clock.now) {
            case .send:
                return
            case .sendAt(let slot):
                try await clock.sleep(until: slot)
                // A retry_after that arrived while we slept voids the booking.
                if !limiter.isPaused(now: clock.now) { return }
            case .retryAt(let instant):
                try await clock.sleep(until: instant)
            }
        }
    }

    /// Stops every request of the bot for `seconds`, as a 429's `retry_after` demands.
    public func pause(seconds: Int) {
        limiter.pause(until: clock.now + .seconds(seconds))
    }
}
