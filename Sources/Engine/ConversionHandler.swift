public import Broadcasting
public import Foundation
public import EventStore
import Metrics

/// `conversion mark`: checks the broadcast, the recipient and that the recipient was targeted,
/// then appends `conversion.marked` to the conversion's own stream (created with expected version
/// no-stream, so a retried mark with the same id counts once).
public struct ConversionHandler: Sendable {
    /// The broadcast as conversions need it: its state and every recipient it targeted.
    struct Broadcast: Sendable {
        var state = BroadcastState()
        var audience: Set<Int64> = []
    }

    let store: EventStore
    let metadata: CommandMetadata

    public init(store: EventStore, metadata: CommandMetadata) {
        self.store = store
        self.metadata = metadata
    }

    /// Marks the conversion; returns its id.
    @discardableResult
    public func mark(_ command: MarkConversion) async throws -> UUID {
        let broadcasts = CommandProcessor(store: store, initial: Broadcast(), evolve: Self.evolve)
        var (broadcast, _) = try await broadcasts.load(StreamName.broadcast(command.broadcastID))
        broadcast.audience = try await broadcasts.load(StreamName.broadcastAudience(command.broadcastID)).0.audience
        let recipientKnown = try await store.version(of: StreamName.recipient(command.userID)) > 0
        let context = ConversionContext(
            broadcast: broadcast.state, recipientKnown: recipientKnown,
            inAudience: broadcast.audience.contains(command.userID))
        let conversions = CommandProcessor(store: store, initial: false) { _, event in event is ConversionMarked }
        try await conversions.handle(stream: StreamName.conversion(command.conversionID), metadata: metadata) {
            exists in ConversionDecider.decide(command, exists: exists, context)
        }
        // Counted once it is in the log: a refused or failed mark never reaches here.
        Counter(label: "herald_conversions_total").increment()
        return command.conversionID
    }

    static func evolve(_ broadcast: Broadcast, _ event: any DomainEvent) -> Broadcast {
        var broadcast = broadcast
        broadcast.state = BroadcastDecider.evolve(broadcast.state, event)
        if let resolved = event as? BroadcastAudienceResolved { broadcast.audience.formUnion(resolved.userIDs) }
        return broadcast
    }
}
