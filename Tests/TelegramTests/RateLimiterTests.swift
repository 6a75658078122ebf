import Testing

@testable import Telegram

@Suite(.timeLimit(.minutes(5))) struct RateLimiterTests {
    let t0 = ContinuousClock.now

    @Test func spacesMessagesAtTheGlobalRate() {
        var limiter = RateLimiter(configuration: .init(messagesPerSecond: 10))
        #expect(limiter.reserve(chat: 1, now: t0) == .send)
        #expect(limiter.reserve(chat: 2, now: t0) == .sendAt(t0 + .milliseconds(100)))
        #expect(limiter.reserve(chat: 3, now: t0) == .sendAt(t0 + .milliseconds(200)))
        #expect(limiter.reserve(chat: 4, now: t0 + .seconds(1)) == .send)
    }

    @Test func holdsOneChatToItsSpacingWithoutBookingGlobalSlots() {
        var limiter = RateLimiter(configuration: .init(messagesPerSecond: 100))
        #expect(limiter.reserve(chat: 7, now: t0) == .send)
        #expect(limiter.reserve(chat: 7, now: t0 + .milliseconds(500)) == .retryAt(t0 + .seconds(1)))
        #expect(limiter.reserve(chat: 8, now: t0 + .milliseconds(500)) == .send)
        #expect(limiter.reserve(chat: 7, now: t0 + .seconds(1)) == .send)
    }

    @Test func spacesGroupsByTheirPerMinuteLimit() {
        var limiter = RateLimiter(configuration: .init(messagesPerSecond: 100))
        #expect(limiter.reserve(chat: -5, now: t0) == .send)
        #expect(limiter.reserve(chat: -5, now: t0 + .seconds(2)) == .retryAt(t0 + .seconds(3)))
    }

    @Test func pauseStopsEveryCallUntilItEnds() {
        var limiter = RateLimiter(configuration: .init(messagesPerSecond: 30))
        limiter.pause(until: t0 + .seconds(5))
        #expect(limiter.reserve(chat: 1, now: t0 + .seconds(1)) == .retryAt(t0 + .seconds(5)))
        #expect(limiter.reserve(chat: nil, now: t0 + .seconds(1)) == .retryAt(t0 + .seconds(5)))
        #expect(limiter.isPaused(now: t0 + .seconds(4)))
        #expect(limiter.reserve(chat: 1, now: t0 + .seconds(5)) == .send)
    }

    @Test func shorterPauseNeverShortensALongerOne() {
        var limiter = RateLimiter()
        limiter.pause(until: t0 + .seconds(10))
        limiter.pause(until: t0 + .seconds(2))
        #expect(limiter.pausedUntil == t0 + .seconds(10))
    }

    @Test func rateIsCappedAtThePaidBroadcastMaximum() {
        #expect(RateLimiter.Configuration(messagesPerSecond: 5000).messagesPerSecond == 1000)
        #expect(RateLimiter.Configuration.paidBroadcast.messagesPerSecond == 1000)
    }
}
