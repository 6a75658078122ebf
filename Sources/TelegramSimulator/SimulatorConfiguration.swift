/// How the simulated Bot API behaves: which bots it knows, its limits, and its failures.
public struct SimulatorConfiguration: Sendable {
    /// Accepted bot tokens; empty accepts any well-formed token (`<digits>:<secret>`).
    public var tokens: [String]
    /// Messages per second per bot (Telegram: about 30); nil turns every limit off, for benchmarks.
    public var rate: Double?
    /// Per-bot rate for messages sent with `allow_paid_broadcast` (Telegram: 1000).
    public var paidRate: Double
    /// Messages a private chat may receive in a burst; it refills at one per second.
    public var perChatBurst: Int
    /// Messages per minute per group.
    public var groupPerMinute: Int
    /// Share of users (chosen by a fixed hash of the id) who have blocked the bot: 403.
    public var blockedFraction: Double
    /// Share of requests answered with a 500, to exercise retries.
    public var errorRate: Double
    /// Share of delivered messages whose answer is then lost: the connection closes mid-answer, so
    /// the client cannot tell whether the message went out (the "maybe delivered" fault).
    public var dropRate: Double
    /// Delay before every Bot API answer.
    public var latency: Duration
    /// Chats that do not exist: 400 `chat not found`.
    public var missingChats: Set<Int64>
    /// Users who deleted their account: 403 `user is deactivated`.
    public var deactivatedUsers: Set<Int64>
    /// Groups that became supergroups: 400 with `migrate_to_chat_id`.
    public var migratedGroups: [Int64: Int64]
    /// Seeds the error injection so a run can be repeated.
    public var seed: UInt64
    /// Recent messages each bot keeps for `/control/messages` and button presses; counters stay exact.
    public var messageWindow: Int
    /// Flood control triggered on demand: the next call of each method named (lower-case, e.g.
    /// `answercallbackquery`) is answered 429 with this `retry_after`; each entry is used once.
    /// Other requests are still served (Telegram's flood control may hold one method and not
    /// another), so `SimulatorCounters.floodIntrusions` shows a client that went on sending.
    public var floods: [String: Int] = [:]

    public init(
        tokens: [String] = [],
        rate: Double? = 30,
        paidRate: Double = 1000,
        perChatBurst: Int = 3,
        groupPerMinute: Int = 20,
        blockedFraction: Double = 0,
        errorRate: Double = 0,
        dropRate: Double = 0,
        latency: Duration = .zero,
        missingChats: Set<Int64> = [],
        deactivatedUsers: Set<Int64> = [],
        migratedGroups: [Int64: Int64] = [:],
        seed: UInt64 = 42,
        messageWindow: Int = 10_000
    ) {
        self.tokens = tokens
        self.rate = rate
        self.paidRate = paidRate
        self.perChatBurst = perChatBurst
        self.groupPerMinute = groupPerMinute
        self.blockedFraction = blockedFraction
        self.errorRate = errorRate
        self.dropRate = dropRate
        self.latency = latency
        self.missingChats = missingChats
        self.deactivatedUsers = deactivatedUsers
        self.migratedGroups = migratedGroups
        self.seed = seed
        self.messageWindow = messageWindow
    }

    /// True when `user` falls in the blocked fraction; a fixed hash, so every run agrees.
    func isBlockedByDefault(_ user: Int64) -> Bool {
        guard blockedFraction > 0 else { return false }
        var x = UInt64(bitPattern: user) &+ 0x9E37_79B9_7F4A_7C15
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        x ^= x >> 31
        return Double(x % 1_000_000) < blockedFraction * 1_000_000
    }
}
