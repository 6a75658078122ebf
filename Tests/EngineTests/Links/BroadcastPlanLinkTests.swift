import Broadcasting
import Foundation
import Testing

@testable import Engine

/// URL buttons carry each recipient's own tracked link when links are on, and their target when off.
@Suite(.timeLimit(.minutes(2))) struct BroadcastPlanLinkTests {
    let broadcast = UUID()
    var template: TemplateState {
        var template = TemplateState()
        template.exists = true
        template.revision = 1
        template.body = "Hi"
        template.buttons = [
            TemplateButton(id: "buy", text: "Buy"),
            TemplateButton(id: "more", text: "More", url: "https://example.com/sale"),
        ]
        return template
    }

    @Test func eachRecipientGetsTheirOwnSignedLink() async throws {
        let key = try #require(LinkKey(secret: String(repeating: "k", count: 40)))
        let links = try TrackedLinks(publicURL: "https://bot.example.com/", keys: LinkKeySource(key))
        let plan = BroadcastPlan(
            broadcastID: broadcast, template: template, guarantee: .atMostOnce, paid: false, links: links.signer(key))
        let first = try await plan.message(
            for: ClaimedDelivery(broadcastID: broadcast, userID: 1, chatID: 1, markVersion: 1))
        let second = try await plan.message(
            for: ClaimedDelivery(broadcastID: broadcast, userID: 2, chatID: 2, markVersion: 1))
        let urls = try [first, second].map { try #require($0.replyMarkup?.inlineKeyboard[1][0].url) }
        #expect(urls[0] != urls[1])
        for (user, url) in zip([Int64(1), 2], urls) {
            #expect(url.hasPrefix("https://bot.example.com/c/"))
            let token = url.dropFirst("https://bot.example.com/c/".count)
            #expect(LinkToken.verify(token, key: key) == LinkClaim(broadcastID: broadcast, userID: user, button: 1))
        }
        #expect(first.replyMarkup?.inlineKeyboard[0][0].callbackData?.hasPrefix("c:") == true)
    }

    @Test func withoutLinksURLButtonsGoOutAsTheyAre() async throws {
        let plan = BroadcastPlan(broadcastID: broadcast, template: template, guarantee: .atMostOnce, paid: false)
        let message = try await plan.message(
            for: ClaimedDelivery(broadcastID: broadcast, userID: 1, chatID: 1, markVersion: 1))
        #expect(message.replyMarkup?.inlineKeyboard[1][0].url == "https://example.com/sale")
    }

    @Test func publicURLsThatCannotCarryLinksAreRefused() {
        let keys = LinkKeySource(LinkKey(secret: String(repeating: "k", count: 40))!)
        for bad in [
            "", "bot.example.com", "ftp://bot.example.com", "https://", "https://x.com/?a=1", "https://x.com/#f",
        ] {
            #expect(throws: PublicURLRejection.self, "\(bad)") { try TrackedLinks(publicURL: bad, keys: keys) }
        }
        let rejection = (try? TrackedLinks(publicURL: "https://u:hunter2@x.com", keys: keys)) == nil
        #expect(rejection)
        do {
            _ = try TrackedLinks(publicURL: "https://u:hunter2@x.com", keys: keys)
        } catch {
            #expect(!error.description.contains("hunter2"))
        }
    }
}
