/// A call-to-action button as a template declares it: a callback button when `url` is nil, a URL
/// button (tracked through Herald's redirect) otherwise.
public struct TemplateButton: Codable, Sendable, Hashable {
    /// The button's name inside its broadcast: the last part of the callback payload and of the
    /// click stream name.
    public var id: String
    /// The label the user sees.
    public var text: String
    public var url: String?
    /// A callback button's follow-up: the message the bot sends the user at their first press.
    public var reply: String?

    public init(id: String, text: String, url: String? = nil, reply: String? = nil) {
        self.id = id
        self.text = text
        self.url = url
        self.reply = reply
    }
}
