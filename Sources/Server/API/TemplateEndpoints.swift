import Broadcasting
import Engine
import Foundation
import Projections

/// `/api/v1/templates`: what `herald template …` does; `DELETE` archives.
extension AdminAPI {
    struct NewTemplate: Decodable {
        let name: String
        let text: String
        let parseMode: String?
        let category: String?
        let buttons: [TemplateButton]?

        enum CodingKeys: String, CodingKey {
            case name, text, category, buttons
            case parseMode = "parse_mode"
        }
    }

    /// A revision: what is absent stays as it is; `"category": null` removes the category.
    struct TemplateRevision: Decodable {
        let text: String?
        let parseMode: String?
        let category: String??
        let buttons: [TemplateButton]?

        enum CodingKeys: String, CodingKey {
            case text, category, buttons
            case parseMode = "parse_mode"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            text = try container.decodeIfPresent(String.self, forKey: .text)
            parseMode = try container.decodeIfPresent(String.self, forKey: .parseMode)
            buttons = try container.decodeIfPresent([TemplateButton].self, forKey: .buttons)
            if !container.contains(.category) {
                category = nil
            } else if try container.decodeNil(forKey: .category) {
                category = .some(nil)
            } else {
                category = .some(try container.decode(String.self, forKey: .category))
            }
        }
    }

    struct TemplateList: Encodable {
        let templates: [TemplateReader.Template]
    }

    var templateEndpoints: [Endpoint] {
        [
            Endpoint(.get, "templates") { request in
                let category = request.query["category"].flatMap { $0.isEmpty ? nil : $0 }
                return APIResult(
                    encoding: TemplateList(
                        templates: try await TemplateReader(database: database).templates(category: category)))
            },
            Endpoint(.post, "templates") { request in
                let body = try request.decode(NewTemplate.self)
                try await templateHandler.create(
                    name: body.name, body: body.text, parseMode: try Self.parseMode(body.parseMode) ?? .markdownV2,
                    category: body.category, buttons: body.buttons ?? [])
                return APIResult(status: .created, encoding: try await template(body.name))
            },
            Endpoint(.get, "templates/{name}") { request in
                APIResult(encoding: try await template(request.parameter("name")))
            },
            Endpoint(.patch, "templates/{name}") { request in
                let name = request.parameter("name")
                let body = try request.decode(TemplateRevision.self)
                try await templateHandler.revise(
                    name: name, body: body.text, parseMode: try Self.parseMode(body.parseMode),
                    category: body.category.map { $0.flatMap { $0.isEmpty ? nil : $0 } }, buttons: body.buttons)
                return APIResult(encoding: try await template(name))
            },
            Endpoint(.delete, "templates/{name}") { request in
                let name = request.parameter("name")
                try await templateHandler.archive(name: name)
                return APIResult(encoding: try await template(name))
            },
            Endpoint(.get, "templates/{name}/preview") { request in
                guard let text = request.query["recipient"], let recipient = Int64(text) else {
                    throw APIError.invalidRequest(
                        "recipient must be a recipient's numeric user id", field: "recipient")
                }
                let name = request.parameter("name")
                let reader = TemplateReader(database: database)
                // Rendering runs on its own threads, not the one serving this request.
                let preview = try await Rendering.run { try await reader.preview(named: name, recipient: recipient) }
                return APIResult(encoding: preview)
            },
        ]
    }

    var templateHandler: TemplateHandler { TemplateHandler(store: store, metadata: metadata) }

    func template(_ name: String) async throws -> TemplateReader.Template {
        guard let template = try await TemplateReader(database: database).template(named: name) else {
            throw DecisionRejection.unknownTemplate(named: name)
        }
        return template
    }

    static func parseMode(_ name: String?) throws -> ParseMode? {
        try name.map { name in
            guard let mode = ParseMode(named: name) else {
                throw APIError.invalidRequest(
                    "\(name) is not a parse mode: give MarkdownV2, HTML or plain", field: "parse_mode")
            }
            return mode
        }
    }
}
