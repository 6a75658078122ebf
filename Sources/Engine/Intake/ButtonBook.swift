public import Broadcasting
public import EventStore
public import Foundation
import Synchronization

/// Which buttons a broadcast's message carries and whether presses of them still count, read from
/// the log (the broadcast's stream and its template at the revision it pinned) and kept briefly.
///
/// Buttons never change once a broadcast started; its status can (a cancel), so an entry is read
/// again after `freshness`. A canceled broadcast stays canceled and is kept for good.
public final class ButtonBook: Sendable {
    public struct Entry: Sendable, Equatable {
        public var status: BroadcastStatus?
        public var buttons: [TemplateButton]

        /// Whether a press of `button` records a click: the broadcast went out and is not canceled,
        /// and `button` is one of its callback buttons. A URL button sends no press (Telegram opens
        /// its link), so a press naming one is forged callback data.
        public func counts(_ button: String) -> Bool {
            guard let status, status != .canceled, status != .draft, status != .scheduled else { return false }
            return buttons.contains { $0.id == button && $0.url == nil }
        }

        public func button(_ id: String) -> TemplateButton? { buttons.first { $0.id == id } }
    }

    let store: EventStore
    let freshness: Duration
    private let entries = Mutex<[UUID: (entry: Entry, read: ContinuousClock.Instant)]>([:])

    public init(store: EventStore, freshness: Duration = .seconds(2)) {
        self.store = store
        self.freshness = freshness
    }

    /// The broadcast as it stands (at most `freshness` ago); nil for a broadcast the log does not have.
    public func entry(_ broadcast: UUID) async throws -> Entry? {
        let now = ContinuousClock.now
        if let cached = entries.withLock({ $0[broadcast] }),
            cached.entry.status == .canceled || now - cached.read < freshness
        {
            return cached.entry.status == nil ? nil : cached.entry
        }
        let entry = try await read(broadcast)
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[broadcast] = (entry, now)
        }
        return entry.status == nil ? nil : entry
    }

    private func read(_ broadcast: UUID) async throws -> Entry {
        var state = BroadcastState()
        var revision: Int?
        for event in try await store.readStream(StreamName.broadcast(broadcast)) {
            let decoded = try EventCatalogue.decode(event)
            state = BroadcastDecider.evolve(state, decoded)
            if let started = decoded as? BroadcastStarted { revision = started.templateRevision }
        }
        guard let templateID = state.templateID else { return Entry(status: state.status, buttons: []) }
        return Entry(status: state.status, buttons: try await store.template(templateID, revision: revision).buttons)
    }
}

extension EventStore {
    /// A template as it stood at `revision` (the one a broadcast pinned when it started), or at
    /// its latest when nil.
    public func template(_ id: UUID, revision: Int? = nil) async throws -> TemplateState {
        var template = TemplateState()
        for event in try await readStream(StreamName.template(id)) {
            let next = TemplateDecider.evolve(template, try EventCatalogue.decode(event))
            if let revision, next.revision > revision { break }
            template = next
        }
        return template
    }
}
