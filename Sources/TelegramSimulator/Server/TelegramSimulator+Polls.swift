extension TelegramSimulator {
    /// Long-polling `getUpdates` calls parked waiting for an update (see `UpdateSignal.pollsWaiting`).
    public var pollsWaiting: Int { core.signal.pollsWaiting }
}
