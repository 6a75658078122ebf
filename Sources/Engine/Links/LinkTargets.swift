public import EventStore
public import Foundation

/// Where a tracked link leads: the button's name (for the click stream) and its URL.
public struct LinkTarget: Sendable, Hashable {
    public var button: String
    public var url: String
}

/// Finds the button a verified `LinkClaim` names: in the broadcast's template at the revision the
/// broadcast pinned when it started, read from the log through the `ButtonBook` the callback
/// presses use (so any `herald run` can answer, lease or not).
///
/// Unlike a callback press, a link of a canceled or completed broadcast still leads to its URL:
/// the recipient asked for a page, and the click is recorded as it happened.
public struct LinkTargets: Sendable {
    let book: ButtonBook

    public init(store: EventStore) {
        book = ButtonBook(store: store)
    }

    /// The URL button `claim` names; nil when its broadcast never started or the button is not a
    /// URL button of that revision.
    public func target(_ claim: LinkClaim) async throws -> LinkTarget? {
        guard let entry = try await book.entry(claim.broadcastID), let status = entry.status,
            status != .draft, status != .scheduled, Int(claim.button) < entry.buttons.count
        else { return nil }
        let button = entry.buttons[Int(claim.button)]
        guard let url = button.url else { return nil }
        return LinkTarget(button: button.id, url: url)
    }
}
