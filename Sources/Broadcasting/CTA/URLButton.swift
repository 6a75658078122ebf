import Foundation

/// The target of a URL button: an absolute http or https URL with a host.
///
/// Telegram refuses a button whose URL it cannot open, and Herald's redirect link forwards to
/// this URL, so anything else (`javascript:`, `tg://`, a bare path) is rejected up front.
public struct URLButtonTarget: Sendable, Hashable {
    public let url: URL

    public init(_ text: String) throws(CTARejection) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { throw .invalidURL(text) }
        self.url = url
    }
}

extension TemplateButton {
    /// Checks the button can be sent for `broadcastID`: a URL button's URL, or a callback
    /// button's payload length.
    public func validate(for broadcastID: UUID) throws(CTARejection) {
        if let reply, url != nil || reply.isEmpty || reply.count > 4096 { throw .invalidReply(button: id) }
        if let url {
            _ = try URLButtonTarget(url)
        } else {
            _ = try CallbackPayload(broadcastID: broadcastID, button: id)
        }
    }
}
