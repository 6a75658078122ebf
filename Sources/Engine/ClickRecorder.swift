public import Broadcasting
public import Foundation
public import EventStore

/// Records presses of CTA buttons.
///
/// A user's first press of a button in a broadcast creates the click stream
/// (`click-<broadcast>-<user>-<button>`) with expected version no-stream: the stream itself is the
/// dedupe constraint, so of two concurrent first presses exactly one is the unique click. Later
/// presses append to the same stream and count only as taps.
public struct ClickRecorder: Sendable {
    /// Whether a press was the user's first of that button in that broadcast.
    public enum Press: Sendable, Equatable {
        case unique
        case repeated
    }

    let store: EventStore
    let metadata: CommandMetadata

    public init(store: EventStore, metadata: CommandMetadata) {
        self.store = store
        self.metadata = metadata
    }

    /// Appends `click`. `id` makes a redelivered press (a webhook retried) idempotent.
    @discardableResult
    public func record(_ click: CTAClicked, id: UUID = UUID()) async throws -> Press {
        let event = try NewEvent(click, id: id, metadata: try metadata.jsonb)
        do {
            try await store.append(event, expected: .noStream)
            return .unique
        } catch let error as EventStoreError where error.conflictingStream == click.stream {
            try await store.append(event, expected: .any)
            return .repeated
        }
    }
}
