import Broadcasting
import Foundation
import Logging
import Telegram

extension Dispatcher {
    /// A worker: takes claimed deliveries until the queue closes and gives each an outcome.
    func workLoop() async {
        while let item = await work.take() {
            let outcome = await send(item.delivery, item.plan, item.text)
            recorder.add(outcome)
            watchContent(outcome)
        }
    }

    /// Sends one delivery, retrying as `DeliveryPolicy` says, and returns how it ended.
    private func send(_ delivery: ClaimedDelivery, _ plan: BroadcastPlan, _ text: Result<String, TemplateRejection>)
        async -> DeliveryOutcome
    {
        let policy = DeliveryPolicy(guarantee: plan.guarantee)
        var attempts = DeliveryPolicy.Attempts()
        var chat: Int64?
        let throttle = plan.paid ? paid : free
        guard delivery.recipientKnown else {
            return DeliveryOutcome(
                delivery,
                .failed(
                    .recipientGone, code: 0,
                    description:
                        "recipient \(delivery.userID) is not in the audience (its row is gone from the read model); "
                        + "nothing was sent", blocked: false))
        }
        while true {
            do {
                try await throttle.acquire(chat: chat ?? delivery.chatID)
                // The bot's pause, which a 429 on any of its requests sets (a reply's too), is
                // waited out before the gate admits the request, so a pause or cancel still holds.
                try await client.throttle.acquire(chat: nil)
            } catch {
                return DeliveryOutcome(delivery, .released(reason: "not sent"), retries: attempts.retries)
            }
            guard gate.admit(delivery.broadcastID) else {
                return DeliveryOutcome(delivery, .released(reason: "not sent"), retries: attempts.retries)
            }
            let message: SendMessage
            do {
                message = plan.message(for: delivery, text: try text.get(), chat: chat)
            } catch {
                gate.finished(delivery.broadcastID)
                return DeliveryOutcome(
                    delivery, .failed(.content, code: 0, description: "\(error)", blocked: false),
                    retries: attempts.retries)
            }
            let started = ContinuousClock.now
            let result: Result<SentMessage, TelegramError>
            do {
                result = .success(try await client.send(message))
            } catch let error as TelegramError {
                result = .failure(error)
            } catch {
                // Not Telegram's answer (the client wraps every failure, so this is a bug): in doubt.
                logger.debug("send interrupted", metadata: ["user": "\(delivery.userID)", "error": "\(error)"])
                gate.finished(delivery.broadcastID)
                let kind: DeliveryOutcome.Kind =
                    plan.guarantee == .atMostOnce ? .unknown : .released(reason: "interrupted")
                return DeliveryOutcome(delivery, kind, retries: attempts.retries)
            }
            gate.finished(delivery.broadcastID)
            counters.observeRequest(started.duration(to: .now))
            switch result {
            case .success(let sent):
                return DeliveryOutcome(delivery, .sent(messageID: Int64(sent.messageId)), retries: attempts.retries)
            case .failure(let error):
                logger.debug(
                    "send failed",
                    metadata: [
                        "broadcast": "\(delivery.broadcastID)", "user": "\(delivery.userID)", "error": "\(error)",
                    ])
                if error.kind == .rateLimited, let seconds = error.retryAfter {
                    counters.rateLimited()
                    await free.pause(seconds: seconds)
                    await paid.pause(seconds: seconds)
                    counters.pausedUntil(Date().addingTimeInterval(TimeInterval(seconds)))
                }
                switch policy.next(after: error, attempts: &attempts) {
                case .record(let kind):
                    return DeliveryOutcome(delivery, kind, retries: attempts.retries)
                case .retry(let delay, let newChat):
                    // Stopping for a lost lease: what never left waits for the next holder.
                    if Task.isCancelled {
                        let kind: DeliveryOutcome.Kind =
                            error.reach == .notSent || plan.guarantee == .atLeastOnce
                            ? .released(reason: "interrupted") : .unknown
                        return DeliveryOutcome(delivery, kind, retries: attempts.retries)
                    }
                    counters.retried()
                    chat = newChat ?? chat
                    if delay > .zero { try? await Task.sleep(for: delay) }
                case .stopBot(let reason):
                    refuseToken(reason)
                    return DeliveryOutcome(delivery, .released(reason: "not sent"), retries: attempts.retries)
                }
            }
        }
    }

    /// Telegram refused the token: stop sending and pause every sending broadcast with the reason,
    /// rather than failing each recipient for it.
    private func refuseToken(_ reason: String) {
        guard refusedToken.refuse(reason) else { return }
        logger.error("bot token refused; sending stopped", metadata: ["reason": "\(reason)"])
        // Every broadcast sending now, read again on a retry; one paused meanwhile is skipped.
        record("pause for a refused token", broadcast: nil) { [self] in
            for broadcast in try await sendingBroadcasts() {
                do {
                    _ = try await broadcasts.pause(broadcast.id, reason: reason)
                } catch is DecisionRejection {}
            }
        }
    }

    /// Fails a broadcast whose first sends all come back as the same content error: its text or
    /// buttons are refused, and sending the rest would only fail them one by one.
    private func watchContent(_ outcome: DeliveryOutcome) {
        let description: String?
        switch outcome.kind {
        case .sent: description = nil
        case .failed(.content, _, let text, _): description = text
        case .failed: description = nil
        case .unknown, .released: return
        }
        let id = outcome.delivery.broadcastID
        let verdict = contentWatch.withLock { watch -> String? in
            var seen = watch[id] ?? []
            guard seen.count < Self.contentSample else { return nil }
            seen.append(description)
            watch[id] = seen
            guard seen.count == Self.contentSample, let first = seen[0], seen.allSatisfy({ $0 == first }) else {
                return nil
            }
            return first
        }
        guard let verdict else { return }
        logger.error("broadcast content refused by Telegram", metadata: ["broadcast": "\(id)", "reason": "\(verdict)"])
        record("fail", broadcast: id) { [broadcasts] in
            try await broadcasts.fail(id, reason: "Telegram refused the message: \(verdict)")
        }
    }

    /// The first sends of a broadcast that decide whether its content is refused.
    static var contentSample: Int { 3 }
}
