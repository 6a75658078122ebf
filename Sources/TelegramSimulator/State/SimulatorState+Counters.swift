extension SimulatorState {
    /// All bots' counters added up.
    public var counters: SimulatorCounters {
        var total = SimulatorCounters()
        for id in botOrder { total.add(counters(bot: id) ?? SimulatorCounters()) }
        return total
    }

    /// One bot's counters, or nil for a bot the simulator does not know.
    public func counters(bot id: Int64) -> SimulatorCounters? {
        guard let bot = bots[id] else { return nil }
        var counters = bot.counters
        counters.callbacksUnanswered = bot.openCallbacks.count
        return counters
    }

    /// The counters as `GET /control/counters` shows them.
    var countersReport: CountersReport {
        var bots: [String: SimulatorCounters] = [:]
        for id in botOrder { bots[String(id)] = counters(bot: id) }
        return CountersReport(total: counters, bots: bots)
    }

    /// When each bot's most recent `sendMessage` calls arrived (up to `BotState.arrivalWindow`),
    /// oldest first, whatever their answer.
    public func arrivals(bot id: Int64) -> [Instant] {
        bots[id]?.arrivals.elements ?? []
    }
}
