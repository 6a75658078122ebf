public import Broadcasting
public import Foundation
public import Telegram

/// What one broadcast sends, prepared once: its template compiled at the pinned revision, its
/// keyboard, parse mode, delivery guarantee and lane. Rendering for a recipient is then a
/// substitution, not a parse.
public struct BroadcastPlan: Sendable {
    public let broadcastID: UUID
    public let guarantee: DeliveryGuarantee
    public let paid: Bool
    let compiled: MessageTemplate.Compiled
    let parseMode: String?
    let keyboard: InlineKeyboardMarkup?

    public init(broadcastID: UUID, template: TemplateState, guarantee: DeliveryGuarantee, paid: Bool) {
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
    }

    /// The request for one recipient; a recipient the template cannot render for is a content
    /// failure of that message alone (their data changed after the broadcast started).
    public func message(for delivery: ClaimedDelivery, chat: Int64? = nil) throws(TemplateRejection) -> SendMessage {
        SendMessage(
            chatId: chat ?? delivery.chatID, text: try compiled.render(delivery.variables), parseMode: parseMode,
            replyMarkup: keyboard, allowPaidBroadcast: paid ? true : nil)
    }
}
