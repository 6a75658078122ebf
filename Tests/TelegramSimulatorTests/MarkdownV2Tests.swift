import Testing

@testable import TelegramSimulator

@Suite(.timeLimit(.minutes(5))) struct MarkdownV2Tests {
    @Test(arguments: [
        ("*bold* _italic_ __under__ ~strike~ ||spoiler||", 32),
        ("Price 5\\.00\\!", 11),
        ("[site](https://example.com/a_(b\\))", 4),
        ("`code with . and *`", 17),
        ("```swift\nlet x = 1.0\n```", 12),
        ("> quoted line", 12),
    ])
    func acceptsValidMarkup(text: String, visible: Int) {
        #expect(MarkdownV2.visibleLength(of: text) == .success(visible))
    }

    @Test func refusesAnUnescapedReservedCharacter() {
        #expect(MarkdownV2.visibleLength(of: "Sale ends today.") == .failure(.reserved(".")))
        #expect(
            "\(MarkdownV2.ParseError.reserved("."))"
                == "Character '.' is reserved and must be escaped with the preceding '\\'")
    }

    @Test func refusesAnUnclosedEntity() {
        #expect(MarkdownV2.visibleLength(of: "hello *world") == .failure(.unclosed("Bold", 6)))
        #expect(MarkdownV2.visibleLength(of: "`open code") == .failure(.unclosed("Code", 0)))
    }

    @Test func refusesALinkWithoutItsURL() {
        guard case .failure = MarkdownV2.visibleLength(of: "[text] more") else {
            Issue.record("accepted a link without a URL")
            return
        }
    }
}
