public import Broadcasting
public import Foundation
import Projections

extension BroadcastHandler {
    /// What happens to a broadcast right after it is drafted.
    public enum Launch: Sendable {
        /// It stays a draft.
        case draft
        /// It is scheduled for this time.
        case at(Date)
        /// It is sent now.
        case now
    }

    /// The resolver that reads the audience read model of `database`, caught up with the log first:
    /// the one behind `broadcast send`, the scheduler and the admin API.
    public static func audience(database: String) -> AudienceResolver {
        { cohort in try await Audience.members(matching: cohort, database: database) }
    }

    /// Drafts a broadcast and then schedules or sends it, refusing first whatever the second step
    /// would refuse (a time in the past, an empty audience, a recipient the template cannot render
    /// for), so that a refusal drafts nothing. Returns the new broadcast's id.
    ///
    /// `herald broadcast create` and `POST /api/v1/broadcasts` both come here.
    public func create(
        title: String, template: String, cohort: JSONValue, delivery: DeliveryGuarantee = .atMostOnce,
        paid: Bool = false, launch: Launch, audience resolve: AudienceResolver
    ) async throws -> UUID {
        if case .at(let sendAt) = launch, sendAt <= Date() {
            throw DecisionRejection.timeInPast(Timestamp(sendAt))
        }
        var audience: [AudienceMember] = []
        if case .now = launch {
            audience = try await checkStart(template: template, cohort: cohort, audience: resolve)
        }
        let id = try await create(title: title, template: template, cohort: cohort, delivery: delivery, paid: paid)
        do {
            switch launch {
            case .draft: break
            case .at(let sendAt): try await schedule(id, at: sendAt)
            case .now: try await send(id) { [audience] _ in audience }  // resolved a moment ago
            }
        } catch let rejection as DecisionRejection {
            throw LaunchFailure(broadcastID: id, rejection: rejection)
        }
        return id
    }

    /// The broadcast was drafted, but the schedule or send that followed was refused (the audience
    /// or the template changed in between); the draft stays.
    public struct LaunchFailure: Error, CustomStringConvertible {
        public let broadcastID: UUID
        public let rejection: DecisionRejection

        public var description: String {
            "created broadcast \(broadcastID.uuidString.lowercased()) but \(rejection)"
        }
    }
}
