import PropertyBased
import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct MarkdownV2Tests {
    /// Every special character, the escape itself, and ordinary text from several scripts.
    static let pool = Array(#"_*[]()~`>#+-=|{}.!\ aZ9"' ;é€日本🇧🇷👩‍💻"#) + ["\n", "\t"]
    static let text = Gen<Character?>.element(of: pool).map { $0 ?? "a" }.string(of: 0...60)

    @Test func escapedTextReadsBackAsTheOriginal() async {
        await propertyCheck(count: 500, input: Self.text) { text in
            #expect(MarkdownV2Reader.literalText(MarkdownV2.escape(text)) == text)
        }
    }

    @Test func escapedTextHasNoUnescapedSpecialCharacter() async {
        await propertyCheck(count: 500, input: Self.text) { text in
            #expect(MarkdownV2Reader.literalText(MarkdownV2.escape(text)) != nil)
        }
    }

    @Test func everySpecialCharacterIsEscaped() {
        #expect(MarkdownV2.escape("a_b*c.d!") == #"a\_b\*c\.d\!"#)
        #expect(MarkdownV2.escape(#"C:\path"#) == #"C:\\path"#)
        #expect(MarkdownV2.escape("Ana (2) — 50% off") == #"Ana \(2\) — 50% off"#)
    }

    @Test func codeEscapesOnlyBacktickAndBackslash() {
        #expect(MarkdownV2.escapeCode(#"a_b `x` \n"#) == #"a_b \`x\` \\n"#)
    }

    @Test func linkURLEscapesOnlyParenAndBackslash() {
        #expect(MarkdownV2.escapeLinkURL("https://x.io/a_(b)") == #"https://x.io/a_(b\)"#)
    }
}
