import Foundation
import Synchronization
import Telegram

/// The simulator's shared state and the work around it that needs time or I/O.
///
/// `state` is the pure `SimulatorState` behind a mutex; everything else here waits (long polls,
/// latency) or talks HTTP (webhook deliveries, through Herald's own libcurl transport).
final class SimulatorCore: Sendable {
    let state: Mutex<SimulatorState>
    let signal = UpdateSignal()
    let webhookTransport: CurlTransport
    private let clock = ContinuousClock()
    /// The origin of `/control/arrivals`.
    let started: ContinuousClock.Instant

    init(configuration: SimulatorConfiguration) throws {
        started = clock.now
        state = Mutex(SimulatorState(configuration: configuration))
        webhookTransport = try CurlTransport(
            configuration: TransportConfiguration(totalTimeout: .seconds(10), maxConnections: 100))
    }

    static var unixTime: Int { Int(Date().timeIntervalSince1970) }

    /// Answers a Bot API request, waiting for the configured latency and for long polls.
    func botRequest(token: String, method: String, parameters: Parameters) async -> BotReply {
        let now = clock.now
        let (outcome, latency) = state.withLock { state in
            (
                state.handle(token: token, method: method, parameters: parameters, now: now, unixTime: Self.unixTime),
                state.configuration.latency
            )
        }
        if latency > .zero { try? await clock.sleep(for: latency) }
        if outcome.webhookBot != nil { signal.notifyAll() }
        guard let poll = outcome.longPoll else { return outcome.reply }
        return await longPoll(poll)
    }

    private func longPoll(_ poll: SimulatorState.LongPoll) async -> BotReply {
        let deadline = clock.now + .seconds(poll.timeout)
        while true {
            let seen = signal.generation
            let updates = state.withLock { $0.pendingUpdates(poll.botID, offset: nil, limit: poll.limit) }
            if !updates.isEmpty || clock.now >= deadline || Task.isCancelled { return .ok(updates) }
            await signal.waitAsPoll(after: seen, until: deadline)
        }
    }

    /// Each bot's recent `sendMessage` arrivals (or one bot's), in seconds since the simulator started.
    func arrivals(bot: Int64?) -> [String: [Double]] {
        let instants = state.withLock { state in
            state.botOrder.filter { bot == nil || $0 == bot }.map { ($0, state.arrivals(bot: $0)) }
        }
        var seconds: [String: [Double]] = [:]
        for (id, arrivals) in instants {
            seconds[String(id)] = arrivals.map { instant in
                let (whole, attoseconds) = started.duration(to: instant).components
                return Double(whole) + Double(attoseconds) / 1e18
            }
        }
        return seconds
    }

    /// Makes a user act and wakes whoever delivers the update.
    func act(_ action: UserAction, user: Int64, bot: Int64?) throws(ControlError) -> Update {
        let update = try state.withLock { state throws(ControlError) in
            try state.act(action, user: user, bot: bot, unixTime: Self.unixTime)
        }
        signal.notifyAll()
        return update
    }

    /// Delivers pending updates to webhooks until canceled: up to each webhook's `max_connections`
    /// at once, as Telegram does, so a bot sees concurrent and out-of-order deliveries. A 2xx
    /// answer whose body names a `method` has that method carried out, as Telegram does.
    func runWebhookDeliveries() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let seen = signal.generation
                let work = state.withLock { state in
                    state.botsWithWebhookWork.flatMap { id in state.takeWebhookDeliveries(id).map { (id, $0) } }
                }
                if work.isEmpty {
                    await signal.wait(after: seen, until: clock.now + .seconds(5))
                    continue
                }
                for (botID, delivery) in work {
                    group.addTask {
                        await self.deliver(delivery.update, to: delivery.url, secret: delivery.secretToken, bot: botID)
                    }
                }
            }
            group.cancelAll()
        }
    }

    private func deliver(_ update: Update, to url: String, secret: String?, bot botID: Int64) async {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var headers = ["Content-Type: application/json"]
        if let secret { headers.append("X-Telegram-Bot-Api-Secret-Token: \(secret)") }
        let body = (try? encoder.encode(update)) ?? Data()
        var failure: String?
        do {
            let response = try await webhookTransport.send(TransportRequest(url: url, headers: headers, body: body))
            if (200..<300).contains(response.status) {
                await performAnswerMethod(response.body, bot: botID)
            } else {
                failure = "Wrong response from the webhook: \(response.status)"
            }
        } catch {
            failure = "Connection failed: \(error)"
        }
        state.withLock {
            $0.webhookAttempted(botID, updateID: update.updateId, error: failure, unixTime: Self.unixTime)
        }
        // Telegram retries a failing webhook after a pause, not in a tight loop.
        if failure != nil { try? await clock.sleep(for: .milliseconds(200)) }
        signal.notifyAll()
    }

    /// A webhook answer `{"method": "answerCallbackQuery", …}` is a Bot API call; its result is
    /// not reported to anyone, as with Telegram.
    private func performAnswerMethod(_ body: Data, bot botID: Int64) async {
        guard !body.isEmpty,
            let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let method = object["method"] as? String,
            let token = state.withLock({ $0.token(of: botID) })
        else { return }
        _ = await botRequest(
            token: token, method: method,
            parameters: Parameters(body: body, contentType: "application/json", query: nil))
    }
}
