/// A token bucket: `capacity` requests at once, refilled at `rate` per second.
struct TokenBucket: Sendable {
    typealias Instant = ContinuousClock.Instant

    let capacity: Double
    let rate: Double
    private var tokens: Double
    private var last: Instant?

    init(capacity: Double, rate: Double) {
        self.capacity = max(capacity, 1)
        self.rate = rate
        self.tokens = max(capacity, 1)
    }

    /// Takes a token, or returns how long until one is available (nothing is taken then).
    mutating func take(now: Instant) -> Duration? {
        if let last {
            let elapsed = last.duration(to: now)
            let (seconds, attoseconds) = elapsed.components
            let elapsedSeconds = Double(seconds) + Double(attoseconds) / 1e18
            tokens = min(capacity, tokens + max(elapsedSeconds, 0) * rate)
        }
        last = now
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return .seconds((1 - tokens) / rate)
    }

    /// True when the bucket will have refilled by `now`: it then answers as a fresh one would.
    func isFull(at now: Instant) -> Bool {
        guard let last else { return true }
        let (seconds, attoseconds) = last.duration(to: now).components
        return tokens + (Double(seconds) + Double(attoseconds) / 1e18) * rate >= capacity
    }
}

/// A small deterministic generator (SplitMix64) so injected failures repeat with the seed.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func nextUnit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
