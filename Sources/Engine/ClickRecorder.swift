public import Broadcasting
public import Foundation
public import EventStore
import Metrics

/// Records presses of CTA buttons.
///
/// A user's presses of a button in a broadcast go to one click stream
/// (`click-<broadcast>-<user>-<button>`), appended at any version: the log numbers a stream's
/// events one by one, so of two concurrent first presses exactly one gets version 1 and is the
/// unique click; every later press is a tap. Appending at any version never conflicts, so presses
/// share group commits (many users' clicks, one flush).
public struct ClickRecorder: Sendable {
    /// Whether a press was the user's first of that button in that broadcast.
    public enum Press: Sendable, Equatable {
        case unique
        case repeated
    }

    let store: EventStore
    let commits: GroupCommit?
    let metadata: CommandMetadata
    private let clicks = Counter(label: "herald_clicks_total")
    private let taps = Counter(label: "herald_taps_total")

    /// With `commits`, presses are appended through it, sharing flushes with concurrent presses.
    public init(store: EventStore, metadata: CommandMetadata, commits: GroupCommit? = nil) {
        self.store = store
        self.commits = commits
        self.metadata = metadata
    }

    /// Appends `click`. `id` makes a redelivered press (a webhook retried) idempotent: it comes
    /// back as stored, at the version it first got, and counts nothing twice. `metadata` replaces
    /// the recorder's own (the clicker as the actor).
    @discardableResult
    public func record(_ click: CTAClicked, id: UUID = UUID(), metadata: CommandMetadata? = nil) async throws
        -> Press
    {
        let event = try NewEvent(click, id: id, metadata: try (metadata ?? self.metadata).jsonb)
        let result =
            if let commits { try await commits.append([event]) } else { try await store.append(event, expected: .any) }
        let press: Press = result.streamVersions.first == 1 ? .unique : .repeated
        if result.appended { (press == .unique ? clicks : taps).increment() }
        return press
    }
}
