import Foundation
import PropertyBased
import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct ParseModeTests {
    static let pool = Array(#"<>&;amp lt gt"'/ aZ9é日本🇧🇷_*\"#) + ["\n"]
    static let text = Gen<Character?>.element(of: pool).map { $0 ?? "a" }.string(of: 0...60)

    /// What Telegram shows for HTML text outside tags: the three entities decoded.
    static func literal(_ html: String) -> String? {
        var result = ""
        var rest = Substring(html)
        while let character = rest.first {
            if character == "<" || character == ">" { return nil }  // a tag or a stray bracket
            if character == "&" {
                guard let entity = ["&lt;": "<", "&gt;": ">", "&amp;": "&"].first(where: { rest.hasPrefix($0.key) })
                else { return nil }
                result += entity.value
                rest = rest.dropFirst(entity.key.count)
            } else {
                result.append(character)
                rest = rest.dropFirst()
            }
        }
        return result
    }

    @Test func htmlEscapedTextReadsBackAsTheOriginal() async {
        await propertyCheck(count: 500, input: Self.text) { text in
            #expect(Self.literal(HTML.escape(text)) == text)
        }
    }

    @Test func eachModeEscapesVariablesItsOwnWay() throws {
        let variables = ["name": "<Ann & Co_(2)>"]
        #expect(
            try MessageTemplate("Hi <b>{{ name }}</b>", parseMode: .html).render(variables)
                == "Hi <b>&lt;Ann &amp; Co_(2)&gt;</b>")
        #expect(
            try MessageTemplate("Hi *{{ name }}*", parseMode: .markdownV2).render(variables)
                == #"Hi *<Ann & Co\_\(2\)\>*"#)
        #expect(try MessageTemplate("Hi {{ name }}", parseMode: .plain).render(variables) == "Hi <Ann & Co_(2)>")
    }

    @Test func namesAndTelegramValues() {
        #expect(ParseMode(named: "html") == .html)
        #expect(ParseMode(named: "MARKDOWNV2") == .markdownV2)
        #expect(ParseMode(named: "rtf") == nil)
        #expect(ParseMode.plain.telegramValue == nil)
        #expect(ParseMode.html.telegramValue == "HTML")
    }
}
