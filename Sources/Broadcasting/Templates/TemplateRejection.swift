/// Why a template cannot be rendered into a message Telegram would accept.
///
/// A rejected template appends nothing; the operator sees `description`.
public struct TemplateRejection: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case unparsable(String)
        case unknownVariable(String)
        case tooLong(Int)
        case empty
        case overLimit(String)
    }

    private let code: Code

    public var description: String {
        switch code {
        case .unparsable(let reason): "the template does not parse: \(reason)"
        case .unknownVariable(let name):
            "the template uses {{ \(name) }}, which this recipient does not have; "
                + "give it a default with {{ \(name)|default:\"…\" }}"
        case .tooLong(let length):
            "the rendered text is \(length) characters, over Telegram's \(MessageTemplate.maximumLength)"
        case .empty: "the rendered text is empty"
        case .overLimit(let reason): reason
        }
    }

    public static func unparsable(_ reason: String) -> TemplateRejection {
        TemplateRejection(code: .unparsable(reason))
    }

    public static func unknownVariable(_ name: String) -> TemplateRejection {
        TemplateRejection(code: .unknownVariable(name))
    }

    public static func tooLong(_ length: Int) -> TemplateRejection { TemplateRejection(code: .tooLong(length)) }

    public static let empty = TemplateRejection(code: .empty)

    /// A template past one of `TemplateLimits`, named in `reason`.
    public static func overLimit(_ reason: String) -> TemplateRejection {
        TemplateRejection(code: .overLimit(reason))
    }
}
