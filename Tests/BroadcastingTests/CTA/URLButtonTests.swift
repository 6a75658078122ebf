import Foundation
import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct URLButtonTests {
    @Test func httpAndHTTPSWithAHostAreAccepted() throws {
        #expect(try URLButtonTarget("https://shop.example/sale?x=1").url.host == "shop.example")
        #expect(try URLButtonTarget("HTTP://example.com").url.scheme == "HTTP")
    }

    @Test func otherURLsAreRejected() {
        for bad in [
            "javascript:alert(1)", "tg://resolve?domain=x", "/sale", "https://", "ftp://example.com", "not-a-url",
        ] {
            #expect(throws: CTARejection.invalidURL(bad)) { try URLButtonTarget(bad) }
        }
    }

    @Test func templateButtonsAreValidatedByKind() throws {
        let id = UUID()
        try TemplateButton(id: "buy", text: "Buy").validate(for: id)
        try TemplateButton(id: "more", text: "More", url: "https://example.com").validate(for: id)
        #expect(throws: CTARejection.invalidURL("mailto:a@b.c")) {
            try TemplateButton(id: "m", text: "Mail", url: "mailto:a@b.c").validate(for: id)
        }
    }
}
