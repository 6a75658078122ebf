public import Broadcasting
public import Foundation
public import Telegram

/// What one broadcast sends, prepared once: its template compiled at the pinned revision, its
/// keyboard, parse mode, delivery guarantee and lane. Rendering for a recipient is then a
/// substitution, not a parse.
///
/// With `links`, each URL button carries the recipient's own tracked link (`LinkToken`), so the
/// keyboard is copied per recipient with one HMAC per URL button; without, it is one keyboard for
/// everyone and URL buttons point straight at their targets.
public struct BroadcastPlan: Sendable {
    public let broadcastID: UUID
    public let guarantee: DeliveryGuarantee
    public let paid: Bool
    let compiled: MessageTemplate.Compiled
    let parseMode: String?
    let keyboard: InlineKeyboardMarkup?
    let links: LinkSigner?
    /// The URL buttons (index in the template = row in the keyboard) that get tracked links.
    let tracked: [Int]

    public init(
        broadcastID: UUID, template: TemplateState, guarantee: DeliveryGuarantee, paid: Bool, links: LinkSigner? = nil
    ) {
        self.broadcastID = broadcastID
        self.guarantee = guarantee
        self.paid = paid
        compiled = MessageTemplate(unchecked: template.body, parseMode: template.parseMode).compiled()
        parseMode = template.parseMode.telegramValue
        let buttons = template.buttons.map { button in
            if let url = button.url { return InlineKeyboardButton.link(button.text, url: url) }
            let payload = (try? CallbackPayload(broadcastID: broadcastID, button: button.id))?.encoded ?? button.id
            return InlineKeyboardButton.callback(button.text, data: payload)
        }
        keyboard = buttons.isEmpty ? nil : InlineKeyboardMarkup(inlineKeyboard: buttons.map { [$0] })
        self.links = links
        // A token names its button in one byte; Telegram allows far fewer buttons than that.
        tracked =
            links == nil ? [] : template.buttons.indices.filter { template.buttons[$0].url != nil && $0 <= UInt8.max }
    }

    /// The text for one recipient, rendered on the rendering threads (`Rendering.run`); a recipient
    /// the template cannot render for is a content failure of that message alone (their data
    /// changed after the broadcast started).
    public func render(_ delivery: ClaimedDelivery) -> Result<String, TemplateRejection> {
        assert(Rendering.isCurrent, "templates are rendered on the rendering threads (Rendering.run)")
        return Result { () throws(TemplateRejection) in try compiled.render(delivery.variables) }
    }

    /// The request for one recipient, with its text as `render(_:)` gave it.
    public func message(for delivery: ClaimedDelivery, text: String, chat: Int64? = nil) -> SendMessage {
        SendMessage(
            chatId: chat ?? delivery.chatID, text: text, parseMode: parseMode,
            replyMarkup: keyboard(for: delivery.userID), allowPaidBroadcast: paid ? true : nil)
    }

    /// Renders and builds the request for one recipient off the serving threads.
    public func message(for delivery: ClaimedDelivery) async throws(TemplateRejection) -> SendMessage {
        let text = await Rendering.run { render(delivery) }
        return message(for: delivery, text: try text.get())
    }

    /// The keyboard with `user`'s tracked links in its URL buttons.
    func keyboard(for user: Int64) -> InlineKeyboardMarkup? {
        guard var keyboard, let links, !tracked.isEmpty else { return keyboard }
        for index in tracked {
            keyboard.inlineKeyboard[index][0].url = links.url(
                LinkClaim(broadcastID: broadcastID, userID: user, button: UInt8(index)))
        }
        return keyboard
    }
}
