import Broadcasting
import Engine
import Foundation
import Projections

/// `/api/v1/rotations`: what `herald rotation …` does. A rotation is named by its name or id.
extension AdminAPI {
    struct NewRotation: Decodable {
        let name: String
        /// As `--every` takes it: `30m`, `4h`, `1d`, `1h30m`, …
        let every: String
        let chats: [Int64]
        let templates: [String]
        let start: String?
    }

    struct RotationList: Encodable {
        let rotations: [RotationReader.Rotation]
    }

    var rotationEndpoints: [Endpoint] {
        [
            Endpoint(.get, "rotations") { _ in
                APIResult(encoding: RotationList(rotations: try await RotationReader(database: database).rotations()))
            },
            Endpoint(.post, "rotations") { request in
                let body = try request.decode(NewRotation.self)
                guard let interval = RotationInterval(parsing: body.every) else {
                    throw APIError(
                        .unprocessableContent, "invalid_interval",
                        "\(body.every) is not an interval such as 30m, 4h or 1d", field: "every")
                }
                let startsAt = try body.start.map { try APIRequest.time($0, field: "start") }
                let id = try await rotationHandler.create(
                    name: body.name, chats: body.chats, templates: body.templates, intervalSeconds: interval.seconds,
                    startsAt: startsAt)
                return APIResult(status: .created, encoding: try await rotation(id.uuidString.lowercased()))
            },
            Endpoint(.get, "rotations/{name}") { request in
                APIResult(encoding: try await rotation(request.parameter("name")))
            },
            Endpoint(.post, "rotations/{name}/pause") { request in
                let id = try await rotationHandler.pause(request.parameter("name"))
                return APIResult(encoding: try await rotation(id.uuidString.lowercased()))
            },
            Endpoint(.post, "rotations/{name}/resume") { request in
                let id = try await rotationHandler.resume(request.parameter("name"))
                return APIResult(encoding: try await rotation(id.uuidString.lowercased()))
            },
        ]
    }

    var rotationHandler: RotationHandler { RotationHandler(store: store, metadata: metadata) }

    func rotation(_ reference: String) async throws -> RotationReader.Rotation {
        guard let rotation = try await RotationReader(database: database).rotation(reference) else {
            throw DecisionRejection.unknownRotation(named: reference)
        }
        return rotation
    }
}
