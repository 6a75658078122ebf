import Broadcasting
import Engine
import Foundation
import Projections

/// `/api/v1/cohorts/preview`, `/api/v1/recipients/{user_id}` and `/api/v1/conversions`: what
/// `herald cohort preview`, `herald recipients show` and `herald conversion mark` do.
extension AdminAPI {
    struct CohortQuestion: Decodable {
        let cohort: JSONValue
        let sample: Int?
    }

    struct NewConversion: Decodable {
        let broadcast: String
        let recipient: Int64
        let value: Double?
        let goal: String?
        /// A UUID of the caller's, so that a retried mark counts once.
        let id: String?
    }

    struct Conversion: Encodable {
        let conversionID: String
        let broadcastID: String
        let recipient: Int64
        let goal: String
        let value: Double?

        enum CodingKeys: String, CodingKey {
            case recipient, goal, value
            case conversionID = "conversion_id"
            case broadcastID = "broadcast_id"
        }
    }

    var audienceEndpoints: [Endpoint] {
        [
            Endpoint(.post, "cohorts/preview") { request in
                let body = try request.decode(CohortQuestion.self)
                let cohort: Cohort
                do throws(CohortRejection) { cohort = try Cohort(body.cohort) } catch {
                    throw DecisionRejection.invalidCohort(error)
                }
                let sample = body.sample ?? 10
                guard (0...1000).contains(sample) else {
                    throw APIError.invalidRequest("sample must be from 0 to 1000", field: "sample")
                }
                return APIResult(encoding: try await AudienceReader(database: database).preview(cohort, sample: sample))
            },
            Endpoint(.get, "recipients/{user_id}") { request in
                let text = request.parameter("user_id")
                guard let userID = Int64(text) else {
                    throw APIError.invalidRequest("\(text) is not a numeric Telegram user id", field: "user_id")
                }
                guard let recipient = try await AudienceReader(database: database).recipient(userID) else {
                    throw DecisionRejection.unknownRecipient(userID)
                }
                return APIResult(encoding: recipient)
            },
            Endpoint(.post, "conversions") { request in
                let body = try request.decode(NewConversion.self)
                guard let broadcastID = UUID(uuidString: body.broadcast) else {
                    throw APIError.invalidRequest("\(body.broadcast) is not a broadcast id", field: "broadcast")
                }
                var conversionID = UUID()
                if let text = body.id {
                    guard let id = UUID(uuidString: text) else {
                        throw APIError.invalidRequest("\(text) is not a conversion id (a UUID)", field: "id")
                    }
                    conversionID = id
                }
                let command = MarkConversion(
                    conversionID: conversionID, broadcastID: broadcastID, userID: body.recipient,
                    goal: body.goal ?? ConversionDecider.defaultGoal, value: body.value)
                try await ConversionHandler(store: store, metadata: metadata).mark(command)
                return APIResult(
                    status: .created,
                    encoding: Conversion(
                        conversionID: conversionID.uuidString.lowercased(),
                        broadcastID: broadcastID.uuidString.lowercased(), recipient: body.recipient,
                        goal: command.goal, value: body.value))
            },
        ]
    }
}
