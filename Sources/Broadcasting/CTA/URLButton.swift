import Foundation

/// The target of a URL button: an absolute http or https URL with a host, at most 2,048 bytes,
/// without whitespace or control characters.
///
/// Telegram refuses a button whose URL it cannot open, and Herald's redirect link forwards to
/// this URL (a CR or LF in it would split the `Location` header), so anything else
/// (`javascript:`, `tg://`, a bare path, a space) is rejected up front.
public struct URLButtonTarget: Sendable, Hashable {
    public static let maximumBytes = 2048

    public let url: URL

    public init(_ text: String) throws(CTARejection) {
        guard text.utf8.count <= Self.maximumBytes else { throw .urlTooLong(bytes: text.utf8.count) }
        if let bad = text.unicodeScalars.first(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            throw .urlCharacter(bad)
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { throw .invalidURL(text) }
        self.url = url
    }
}

extension TemplateButton {
    /// A label's longest: Telegram shows a button on one line and cuts what does not fit.
    public static let maximumLabelLength = 64
    /// A button name's longest (a callback button's is bounded further by its payload's 64 bytes).
    public static let maximumIDBytes = 64
    /// Telegram's limit on an inline keyboard (Herald puts one button on each row, within the 8 a row allows).
    public static let maximumPerKeyboard = 100

    /// Checks the button can be sent for `broadcastID`: a URL button's URL, or a callback
    /// button's payload length.
    public func validate(for broadcastID: UUID) throws(CTARejection) {
        let label = text.unicodeScalars
        guard label.contains(where: { !$0.properties.isWhitespace }), text.count <= Self.maximumLabelLength,
            !label.contains(where: { $0.properties.generalCategory == .control })
        else { throw .invalidLabel(button: id) }
        guard !id.isEmpty, id.utf8.count <= Self.maximumIDBytes,
            !id.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control })
        else { throw .invalidName(id) }
        if let reply, url != nil || reply.isEmpty || reply.count > 4096 { throw .invalidReply(button: id) }
        if let url {
            _ = try URLButtonTarget(url)
        } else {
            _ = try CallbackPayload(broadcastID: broadcastID, button: id)
        }
    }
}
