import Broadcasting
import EventStore
import Foundation

extension EventStore {
    /// A template as it stood at `revision` (the one a broadcast pinned when it started), or at
    /// its latest when nil: for the dispatcher, the rotation poster and tracked links alike.
    func template(_ id: UUID, revision: Int? = nil) async throws -> TemplateState {
        var template = TemplateState()
        for event in try await readStream(StreamName.template(id)) {
            let next = TemplateDecider.evolve(template, try EventCatalogue.decode(event))
            if let revision, next.revision > revision { break }
            template = next
        }
        return template
    }
}
