import Broadcasting
import Engine
import Foundation
import Projections

/// `/api/v1/broadcasts` and `/api/v1/stats`: what `herald broadcast …` and `herald stats` do.
extension AdminAPI {
    struct NewBroadcast: Decodable {
        let title: String
        let template: String
        let cohort: JSONValue
        let sendAt: String?
        let sendNow: Bool?
        let delivery: String?
        let paid: Bool?

        enum CodingKeys: String, CodingKey {
            case title, template, cohort, delivery, paid
            case sendAt = "send_at"
            case sendNow = "send_now"
        }
    }

    struct BroadcastRevision: Decodable {
        let title: String?
        let template: String?
        let cohort: JSONValue?
    }

    struct Schedule: Decodable {
        let sendAt: String

        enum CodingKeys: String, CodingKey {
            case sendAt = "send_at"
        }
    }

    struct BroadcastPage: Encodable {
        let broadcasts: [BroadcastReader.Broadcast]
        /// Pass as `cursor` for the next page; absent on the last.
        let nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case broadcasts
            case nextCursor = "next_cursor"
        }
    }

    /// A pause or cancel, with whether the sender has confirmed it.
    struct Stopped: Encodable {
        let broadcast: BroadcastReader.Broadcast
        /// `acknowledged`, `no_sender` or `unconfirmed`.
        let sender: String
    }

    struct StatsList: Encodable {
        let broadcasts: [StatsReader.BroadcastStats]
    }

    var broadcastEndpoints: [Endpoint] {
        [
            Endpoint(.post, "broadcasts") { request in try await createBroadcast(request) },
            Endpoint(.get, "broadcasts") { request in try await listBroadcasts(request) },
            Endpoint(.get, "broadcasts/{id}") { request in APIResult(encoding: try await broadcast(request.broadcastID))
            },
            Endpoint(.patch, "broadcasts/{id}") { request in
                let id = try request.broadcastID
                let revision = try request.decode(BroadcastRevision.self)
                try await broadcastHandler.revise(
                    id, title: revision.title, template: revision.template, cohort: revision.cohort)
                return APIResult(encoding: try await broadcast(id))
            },
            Endpoint(.post, "broadcasts/{id}/schedule") { request in
                let id = try request.broadcastID
                let sendAt = try APIRequest.time(try request.decode(Schedule.self).sendAt, field: "send_at")
                try await broadcastHandler.schedule(id, at: sendAt)
                return APIResult(encoding: try await broadcast(id))
            },
            Endpoint(.post, "broadcasts/{id}/send") { request in
                let id = try request.broadcastID
                try await broadcastHandler.send(id, audience: BroadcastHandler.audience(database: database))
                return APIResult(encoding: try await broadcast(id))
            },
            Endpoint(.post, "broadcasts/{id}/pause") { request in
                let id = try request.broadcastID
                return try await stopped(id, position: try await broadcastHandler.pause(id))
            },
            Endpoint(.post, "broadcasts/{id}/resume") { request in
                let id = try request.broadcastID
                try await broadcastHandler.resume(id)
                return APIResult(encoding: try await broadcast(id))
            },
            Endpoint(.post, "broadcasts/{id}/cancel") { request in
                let id = try request.broadcastID
                return try await stopped(id, position: try await broadcastHandler.cancel(id))
            },
            Endpoint(.get, "broadcasts/{id}/stats") { request in
                let id = try request.broadcastID
                guard let stats = try await StatsReader(database: database, pool: reads).stats(id: id).first else {
                    throw DecisionRejection.unknownBroadcast
                }
                return APIResult(encoding: stats)
            },
            Endpoint(.get, "broadcasts/{id}/timeline") { request in
                let id = try request.broadcastID
                _ = try await broadcast(id)
                return APIResult(encoding: try await TimelineReader(database: database).timeline(id))
            },
            Endpoint(.get, "stats") { _ in
                APIResult(encoding: StatsList(broadcasts: try await StatsReader(database: database, pool: reads).stats(id: nil)))
            },
        ]
    }

    var broadcastHandler: BroadcastHandler { BroadcastHandler(store: store, metadata: metadata) }

    func broadcast(_ id: UUID) async throws -> BroadcastReader.Broadcast {
        guard let broadcast = try await BroadcastReader(database: database).broadcast(id) else {
            throw DecisionRejection.unknownBroadcast
        }
        return broadcast
    }

    func createBroadcast(_ request: APIRequest) async throws -> APIResult {
        let body = try request.decode(NewBroadcast.self)
        if body.sendAt != nil, body.sendNow == true {
            throw APIError.invalidRequest("give at most one of send_at and send_now", field: "send_at")
        }
        var guarantee = DeliveryGuarantee.atMostOnce
        if let delivery = body.delivery {
            guard let parsed = DeliveryGuarantee(rawValue: delivery.replacingOccurrences(of: "-", with: "_")) else {
                throw APIError.invalidRequest(
                    "delivery must be at-most-once or at-least-once, not \(delivery)", field: "delivery")
            }
            guarantee = parsed
        }
        let launch: BroadcastHandler.Launch =
            try body.sendAt.map { .at(try APIRequest.time($0, field: "send_at")) }
            ?? (body.sendNow == true ? .now : .draft)
        let id = try await broadcastHandler.create(
            title: body.title, template: body.template, cohort: body.cohort, delivery: guarantee,
            paid: body.paid ?? false, launch: launch, audience: BroadcastHandler.audience(database: database))
        return APIResult(status: .created, encoding: try await broadcast(id))
    }

    func listBroadcasts(_ request: APIRequest) async throws -> APIResult {
        let status = request.query["status"].flatMap { $0.isEmpty ? nil : $0 }
        if let status, BroadcastStatus(rawValue: status) == nil {
            throw APIError.invalidRequest(
                "status must be draft, scheduled, sending, paused, completed, canceled or failed", field: "status")
        }
        var cursor: UUID?
        if let text = request.query["cursor"], !text.isEmpty {
            guard let id = UUID(uuidString: text) else {
                throw APIError.invalidRequest("\(text) is not a cursor this API gave", field: "cursor")
            }
            cursor = id
        }
        var limit = 50
        if let text = request.query["limit"] {
            guard let value = Int(text), (1...200).contains(value) else {
                throw APIError.invalidRequest("limit must be a whole number from 1 to 200", field: "limit")
            }
            limit = value
        }
        let rows = try await BroadcastReader(database: database).broadcasts(
            status: status, after: cursor, limit: limit + 1)
        let page = Array(rows.prefix(limit))
        return APIResult(
            encoding: BroadcastPage(
                broadcasts: page, nextCursor: rows.count > limit ? page.last?.broadcast_id : nil))
    }

    /// Waits, as the CLI does but for `acknowledgementTimeout` at most, until the sender has stopped
    /// starting requests for the broadcast; 200 once it has (or no sender runs), else 202.
    func stopped(_ id: UUID, position: Int64) async throws -> APIResult {
        let outcome = try await SenderAcknowledgement.wait(
            database: database, broadcast: id, position: position, timeout: acknowledgementTimeout)
        let sender: String =
            switch outcome {
            case .acknowledged: "acknowledged"
            case .noSender: "no_sender"
            case .timedOut: "unconfirmed"
            }
        return APIResult(
            status: outcome == .timedOut ? .accepted : .ok,
            encoding: Stopped(broadcast: try await broadcast(id), sender: sender))
    }
}
