public import Broadcasting
public import EventStore
public import Foundation
import Synchronization

/// Where a tracked link leads: the button's name (for the click stream) and its URL.
public struct LinkTarget: Sendable, Hashable {
    public var button: String
    public var url: String
}

/// Finds the button a verified `LinkClaim` names: in the broadcast's template at the revision the
/// broadcast pinned when it started, read from the log (so any `herald run` can answer, lease or
/// not, and a canceled or completed broadcast's links still lead somewhere).
///
/// A started broadcast's buttons never change, so they are kept per broadcast after the first
/// read; a broadcast not (yet) started is asked again next time.
public final class LinkTargets: Sendable {
    let store: EventStore
    private let cache = Mutex<[UUID: [TemplateButton]]>([:])
    /// Broadcasts whose buttons are kept at once; past it the cache starts over.
    static let capacity = 1024

    public init(store: EventStore) {
        self.store = store
    }

    /// The URL button `claim` names; nil when its broadcast never started or the button is not a
    /// URL button of that revision.
    public func target(_ claim: LinkClaim) async throws -> LinkTarget? {
        guard let buttons = try await buttons(of: claim.broadcastID), Int(claim.button) < buttons.count else {
            return nil
        }
        let button = buttons[Int(claim.button)]
        guard let url = button.url else { return nil }
        return LinkTarget(button: button.id, url: url)
    }

    private func buttons(of broadcast: UUID) async throws -> [TemplateButton]? {
        if let buttons = cache.withLock({ $0[broadcast] }) { return buttons }
        var templateID: UUID?
        var revision: Int?
        for event in try await store.readStream(StreamName.broadcast(broadcast)) {
            switch try EventCatalogue.decode(event) {
            case let created as BroadcastCreated: templateID = created.templateID
            case let revised as BroadcastRevised: templateID = revised.templateID ?? templateID
            case let started as BroadcastStarted: revision = started.templateRevision
            default: break
            }
        }
        guard let templateID, let revision else { return nil }
        let buttons = try await store.template(templateID, revision: revision).buttons
        cache.withLock { cache in
            if cache.count >= Self.capacity { cache.removeAll() }
            cache[broadcast] = buttons
        }
        return buttons
    }
}
