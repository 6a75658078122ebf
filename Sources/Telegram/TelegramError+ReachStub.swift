// Stand-in until the transport tells "never left" from "maybe delivered" (branch telegram-faults).
extension TelegramError {
    /// How far the request got: whether Telegram may have acted on it.
    public enum Reach: Sendable, Equatable { case notSent, maybeDelivered, answered }
    public var reach: Reach { code == nil ? .maybeDelivered : .answered }
}
