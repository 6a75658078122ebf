/// Why a CTA button cannot be sent, or a callback payload cannot be read.
public struct CTARejection: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case payloadTooLong(Int)
        case emptyButton
        case malformedPayload(String)
        case invalidURL(String)
        case invalidReply(String)
    }

    private let code: Code

    public var description: String {
        switch code {
        case .payloadTooLong(let bytes):
            "the callback payload is \(bytes) bytes, over Telegram's \(CallbackPayload.maximumBytes); "
                + "use a shorter button name"
        case .emptyButton: "a callback button needs a name"
        case .malformedPayload(let payload): "not a Herald callback payload: \(payload)"
        case .invalidURL(let url): "a URL button needs an http or https URL with a host: \(url)"
        case .invalidReply(let button):
            "button \(button): a follow-up reply belongs to a callback button and is 1 to 4096 characters"
        }
    }

    public static func payloadTooLong(bytes: Int) -> CTARejection { CTARejection(code: .payloadTooLong(bytes)) }
    public static let emptyButton = CTARejection(code: .emptyButton)
    public static func malformedPayload(_ payload: String) -> CTARejection {
        CTARejection(code: .malformedPayload(payload))
    }
    public static func invalidURL(_ url: String) -> CTARejection { CTARejection(code: .invalidURL(url)) }
    public static func invalidReply(button: String) -> CTARejection { CTARejection(code: .invalidReply(button)) }
}
