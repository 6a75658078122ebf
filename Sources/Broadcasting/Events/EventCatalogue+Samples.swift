import Foundation

extension EventCatalogue {
    /// One example of every catalogue entry, in the order of `all`, for schema checks and tests.
    public static var samples: [any DomainEvent] {
        let template = UUID(uuid: (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))
        let broadcast = UUID(uuid: (2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2))
        let rotation = UUID(uuid: (3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3))
        let conversion = UUID(uuid: (4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4))
        let noon = Timestamp(Date(timeIntervalSince1970: 1_795_000_000))
        let user: Int64 = 424_242
        let buttons = [
            TemplateButton(id: "buy", text: "Buy now"),
            TemplateButton(id: "more", text: "Learn more", url: "https://example.com/sale"),
        ]
        let cohort = JSONValue.object([
            "tier": .string("premium"), "region": .object(["in": .array([.string("EU"), .string("US")])]),
            "active_within_days": .number(7),
        ])
        return [
            TemplateCreatedV1(
                templateID: template, name: "spring-sale", body: "Hi {{ first_name }}\\!", buttons: buttons),
            TemplateCreatedV2(
                TemplateCreated(
                    templateID: template, name: "spring-sale", body: "Hi <b>{{ first_name }}</b>!", parseMode: .html,
                    category: "promo", buttons: buttons)),
            TemplateCreated(
                templateID: template, name: "spring-sale", body: "Hi <b>{{ first_name }}</b>!", parseMode: .html,
                category: "promo", buttons: buttons + [TemplateButton(id: "code", text: "Get code", reply: "SPRING10")]),
            TemplateRevisedV1(
                templateID: template, revision: 2, body: "Hello {{ first_name }}\\!", buttons: buttons),
            TemplateRevisedV2(
                TemplateRevised(
                    templateID: template, revision: 2, body: "Hello {{ first_name }}!", parseMode: .plain,
                    category: nil, buttons: buttons)),
            TemplateRevised(
                templateID: template, revision: 2, body: "Hello {{ first_name }}!", parseMode: .plain, category: nil,
                buttons: buttons + [TemplateButton(id: "code", text: "Get code", reply: "SPRING10")]),
            TemplateArchived(templateID: template),
            TemplateNameClaimed(templateID: template, name: "spring-sale"),
            RecipientRegisteredV1(userID: user, chatID: user, username: "ana", attributes: ["tier": "premium"]),
            RecipientRegistered(
                userID: user, chatID: user, username: nil, attributes: ["tier": "premium", "region": "EU"],
                language: "pt-BR"),
            RecipientAttributesChanged(userID: user, set: ["tier": "basic"], removed: ["region"]),
            RecipientBlocked(userID: user, reason: "Forbidden: bot was blocked by the user"),
            RecipientUnblocked(userID: user),
            BroadcastCreated(broadcastID: broadcast, templateID: template, title: "Spring sale", cohort: cohort),
            BroadcastRevised(broadcastID: broadcast, title: "Spring sale, EU"),
            BroadcastScheduled(broadcastID: broadcast, sendAt: noon),
            BroadcastStarted(broadcastID: broadcast, templateRevision: 2),
            BroadcastAudienceResolved(broadcastID: broadcast, chunk: 0, chunkCount: 1, userIDs: [user, 7]),
            BroadcastPaused(broadcastID: broadcast, reason: "operator"),
            BroadcastResumed(broadcastID: broadcast),
            BroadcastCanceled(broadcastID: broadcast),
            BroadcastCompleted(broadcastID: broadcast, sent: 1, failed: 1, unknown: 0),
            BroadcastFailed(broadcastID: broadcast, reason: "every message failed: can't parse entities"),
            MessageSent(broadcastID: broadcast, userID: user, chatID: user, messageID: 99),
            MessageFailed(
                broadcastID: broadcast, userID: 7, chatID: 7, errorClass: .recipientGone, code: 403,
                description: "Forbidden: bot was blocked by the user", permanent: true),
            MessageOutcomeUnknown(broadcastID: broadcast, userID: 8, chatID: 8),
            MessageDispatching(broadcastID: broadcast, userID: user, chatID: user, epoch: 3),
            MessageReleased(broadcastID: broadcast, userID: user, reason: "not sent"),
            CTAClicked(broadcastID: broadcast, userID: user, button: "buy", source: .callback),
            ConversionMarked(
                conversionID: conversion, broadcastID: broadcast, userID: user, goal: "purchase", value: 19.9),
            RotationCreated(
                rotationID: rotation, name: "daily-deal", chatIDs: [-1_001_234, -1_005_678],
                templateIDs: [template, template], intervalSeconds: 86_400, startsAt: noon),
            RotationPosted(rotationID: rotation, sequence: 0, chatID: -1_001_234, templateID: template, messageID: 12),
            RotationPostFailed(
                rotationID: rotation, sequence: 1, chatID: -1_005_678, templateID: template, errorClass: .transient,
                code: 502, description: "Bad Gateway"),
            RotationPaused(rotationID: rotation),
            RotationResumed(rotationID: rotation),
            RotationNameClaimed(rotationID: rotation, name: "daily-deal"),
        ]
    }
}
