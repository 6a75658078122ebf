/// A bot's secret token, which must never reach a log, an error or a description.
///
/// Printing one shows only the bot id (the part before the colon), which Telegram treats as public.
public struct BotToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The raw secret; read it only to build a request path.
    public let secret: String

    public init(_ secret: String) {
        self.secret = secret
    }

    /// The numeric bot id before the colon, or nil for a malformed token.
    public var botID: Int64? {
        secret.split(separator: ":", maxSplits: 1).first.flatMap { Int64($0) }
    }

    public var description: String { "BotToken(\(botID.map(String.init) ?? "?"):…)" }
    public var debugDescription: String { description }
}
