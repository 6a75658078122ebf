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
    ///
    /// A press is unique when it is the click stream's first event. That is read from where the
    /// press is stored, not from which append succeeded: a redelivered press of either kind comes
    /// back as stored (whatever the expected version) at the version it first got.
    @discardableResult
    public func record(_ click: CTAClicked, id: UUID = UUID()) async throws -> Press {
        let event = try NewEvent(click, id: id, metadata: try metadata.jsonb)
        let result: AppendResult
        do {
            result = try await store.append(event, expected: .noStream)
        } catch let error as EventStoreError where error.conflictingStream == click.stream {
            result = try await store.append(event, expected: .any)
        }
        return result.streamVersions.first == 1 ? .unique : .repeated
    }
}
