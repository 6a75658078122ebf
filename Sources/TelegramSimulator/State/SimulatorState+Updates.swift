public import Telegram

extension SimulatorState {
    mutating func getUpdates(_ botID: Int64, _ parameters: Parameters) -> Outcome {
        guard bots[botID]?.webhook == nil else {
            return Outcome(
                reply: .error(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
                ))
        }
        let offset = parameters.int("offset").map { Int($0) }
        let limit = min(max(Int(parameters.int("limit") ?? 100), 1), 100)
        let updates = pendingUpdates(botID, offset: offset, limit: limit)
        let timeout = Int(parameters.int("timeout") ?? 0)
        let poll =
            updates.isEmpty && timeout > 0
            ? LongPoll(botID: botID, offset: offset, limit: limit, timeout: timeout) : nil
        return Outcome(reply: .ok(updates), longPoll: poll)
    }

    /// Confirms everything below `offset` (drops it) and returns up to `limit` of the rest.
    mutating func pendingUpdates(_ botID: Int64, offset: Int?, limit: Int) -> [Update] {
        if let offset { bots[botID]?.pending.removeAll { $0.updateId < offset } }
        return Array((bots[botID]?.pending ?? []).prefix(limit))
    }

    mutating func setWebhook(_ botID: Int64, _ parameters: Parameters) -> Outcome {
        guard let url = parameters.string("url") else {
            return Outcome(reply: .error(400, "Bad Request: url is empty"))
        }
        if url.isEmpty { return Outcome(reply: deleteWebhook(botID, parameters)) }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            return Outcome(
                reply: .error(400, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"))
        }
        let secret = parameters.string("secret_token")
        if let secret, !Self.isValidSecret(secret) {
            return Outcome(reply: .error(400, "Bad Request: secret token contains unallowed characters"))
        }
        let maxConnections = Int(parameters.int("max_connections") ?? 40)
        guard (1...100).contains(maxConnections) else {
            return Outcome(reply: .error(400, "Bad Request: bad webhook: max_connections must be between 1 and 100"))
        }
        let allowed = parameters.decode([String].self, "allowed_updates")
        bots[botID]?.webhook = BotState.Webhook(
            url: url, secretToken: secret, maxConnections: maxConnections, allowedUpdates: allowed)
        if parameters.bool("drop_pending_updates") == true { bots[botID]?.pending = [] }
        return Outcome(reply: .ok(true), webhookBot: botID)
    }

    mutating func deleteWebhook(_ botID: Int64, _ parameters: Parameters) -> BotReply {
        bots[botID]?.webhook = nil
        if parameters.bool("drop_pending_updates") == true { bots[botID]?.pending = [] }
        return .ok(true)
    }

    func webhookInfo(_ botID: Int64) -> WebhookInfo {
        let bot = bots[botID]
        return WebhookInfo(
            url: bot?.webhook?.url ?? "",
            pendingUpdateCount: bot?.pending.count ?? 0,
            lastErrorDate: bot?.lastWebhookError?.date,
            lastErrorMessage: bot?.lastWebhookError?.message,
            maxConnections: bot?.webhook?.maxConnections,
            allowedUpdates: bot?.webhook?.allowedUpdates)
    }

    static func isValidSecret(_ secret: String) -> Bool {
        (1...256).contains(secret.count)
            && secret.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// The next update to POST to `botID`'s webhook, with where and which secret header.
    public func nextWebhookDelivery(_ botID: Int64) -> (url: String, secretToken: String?, update: Update)? {
        guard let bot = bots[botID], let webhook = bot.webhook, let update = bot.pending.first else { return nil }
        return (webhook.url, webhook.secretToken, update)
    }

    /// Takes up to the webhook's free connections' worth of pending updates not already being
    /// POSTed, and marks them in flight until `webhookAttempted`.
    mutating func takeWebhookDeliveries(_ botID: Int64) -> [(url: String, secretToken: String?, update: Update)] {
        guard var bot = bots.removeValue(forKey: botID) else { return [] }
        defer { bots[botID] = bot }
        guard let webhook = bot.webhook else { return [] }
        let free = max(0, webhook.maxConnections - bot.inFlight.count)
        var taken: [(url: String, secretToken: String?, update: Update)] = []
        for update in bot.pending where taken.count < free && !bot.inFlight.contains(update.updateId) {
            taken.append((webhook.url, webhook.secretToken, update))
        }
        for delivery in taken { bot.inFlight.insert(delivery.update.updateId) }
        return taken
    }

    /// Records a webhook attempt: a 2xx removes the update, anything else keeps it for a retry.
    public mutating func webhookAttempted(_ botID: Int64, updateID: Int, error: String?, unixTime: Int) {
        bots[botID]?.inFlight.remove(updateID)
        if let error {
            bots[botID]?.counters.webhookFailures += 1
            bots[botID]?.lastWebhookError = (unixTime, error)
        } else {
            bots[botID]?.counters.webhookDeliveries += 1
            bots[botID]?.pending.removeAll { $0.updateId == updateID }
        }
    }

    /// Bots with a webhook and something to deliver.
    public var botsWithWebhookWork: [Int64] {
        botOrder.filter { nextWebhookDelivery($0) != nil }
    }

    /// `/control/redeliver`: queues a recent update again; nil when the simulator no longer has it.
    mutating func redeliver(_ updateID: Int, bot botID: Int64?) -> Update? {
        guard let botID = controlBot(botID) else { return nil }
        return bots[botID]?.redeliver(updateID)
    }

    /// The token a bot's requests carry, for methods a webhook answer asks for.
    func token(of botID: Int64) -> String? {
        bots[botID]?.secret
    }
}
