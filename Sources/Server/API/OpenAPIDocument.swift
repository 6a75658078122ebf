import Foundation

/// The admin API described in OpenAPI 3.1, served at `/api/v1/openapi.json`. Written by hand beside
/// the endpoints; `OpenAPITests` checks that it names every route the router serves and no other.
enum OpenAPIDocument {
    static let json: Data =
        (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
        ?? Data("{}".utf8)

    private static var document: [String: Any] {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Herald admin API", "version": "1",
                "description": """
                Broadcasts, templates, cohorts, rotations, conversions and recipients: the herald CLI's commands \
                over HTTP, through the same handlers and read-side queries, refusing alike. Every route but this \
                document needs `Authorization: Bearer $HERALD_API_TOKEN`. A refusal appends nothing and answers \
                `{"error": {"code", "message", "field"}}` with a stable code. POST, PATCH and DELETE take an \
                `Idempotency-Key` header: a retry with the same key, method, path and body gets the first answer \
                (with `Idempotent-Replayed: true`) and appends nothing; keys are kept for a day.
                """,
            ],
            "servers": [["url": "/"]],
            "security": [["bearer": [String]()]],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "parameters": [
                    "IdempotencyKey": [
                        "name": "Idempotency-Key", "in": "header", "required": false,
                        "description": "1 to 255 visible ASCII characters, new for each distinct request",
                        "schema": string,
                    ],
                    "BroadcastID": path("id", "the broadcast's id (a UUID)"),
                    "TemplateName": path("name", "the template's name"),
                    "RotationReference": path("name", "the rotation's name or id"),
                ],
                "schemas": schemas,
            ],
        ]
    }

    // MARK: Routes

    private static var paths: [String: Any] {
        let broadcast = ref("BroadcastID")
        let template = ref("TemplateName")
        let rotation = ref("RotationReference")
        func transition(_ verb: String, _ summary: String, stops: Bool) -> [String: Any] {
            [
                "post": operation(
                    summary, parameters: [broadcast], mutating: true,
                    responses: stops
                        ? [
                            200: ("Stopped", "the sender has stopped starting requests for it, or no sender runs"),
                            202: ("Stopped", "recorded; the sender has not confirmed within 10 seconds"),
                        ] : [200: ("Broadcast", "the broadcast, \(verb)")],
                    errors: [400, 404, 409])
            ]
        }
        return [
            "/api/v1/openapi.json": [
                "get": operation(
                    "This document", security: false, responses: [200: (nil, "the OpenAPI 3.1 document")], errors: [])
            ],
            "/api/v1/broadcasts": [
                "post": operation(
                    "Draft a broadcast; with send_at also schedule it, with send_now also send it",
                    body: "NewBroadcast", mutating: true,
                    responses: [201: ("Broadcast", "the new broadcast")], errors: [400, 404, 409, 422]),
                "get": operation(
                    "List broadcasts, newest first, a page at a time",
                    parameters: [
                        query("status", "only broadcasts in this status", schema: ["enum": statuses]),
                        query("cursor", "next_cursor of the previous page", schema: string),
                        query("limit", "how many, 1 to 200 (default 50)", schema: integer),
                    ],
                    responses: [200: ("BroadcastPage", "a page of broadcasts")], errors: [400]),
            ],
            "/api/v1/broadcasts/{id}": [
                "get": operation(
                    "One broadcast", parameters: [broadcast], responses: [200: ("Broadcast", "the broadcast")],
                    errors: [400, 404]),
                "patch": operation(
                    "Revise a draft", parameters: [broadcast], body: "BroadcastRevision", mutating: true,
                    responses: [200: ("Broadcast", "the revised broadcast")], errors: [400, 404, 409, 422]),
            ],
            "/api/v1/broadcasts/{id}/schedule": [
                "post": operation(
                    "Send a draft at a time", parameters: [broadcast], body: "Schedule", mutating: true,
                    responses: [200: ("Broadcast", "the scheduled broadcast")], errors: [400, 404, 409, 422])
            ],
            "/api/v1/broadcasts/{id}/send": [
                "post": operation(
                    "Resolve the cohort now and start sending", parameters: [broadcast], mutating: true,
                    responses: [200: ("Broadcast", "the broadcast, sending")], errors: [400, 404, 409, 422])
            ],
            "/api/v1/broadcasts/{id}/pause": transition("paused", "Stop sending until resumed", stops: true),
            "/api/v1/broadcasts/{id}/resume": transition("sending again", "Continue a paused broadcast", stops: false),
            "/api/v1/broadcasts/{id}/cancel": transition("canceled", "Stop a broadcast for good", stops: true),
            "/api/v1/broadcasts/{id}/stats": [
                "get": operation(
                    "How one broadcast did", parameters: [broadcast],
                    responses: [200: ("BroadcastStats", "its figures")], errors: [400, 404])
            ],
            "/api/v1/broadcasts/{id}/timeline": [
                "get": operation(
                    "Sends and clicks over time, in buckets of 1 second or wider (at most 180 of them)",
                    parameters: [broadcast], responses: [200: ("BroadcastTimeline", "its buckets, oldest first")],
                    errors: [400, 404])
            ],
            "/api/v1/stats": [
                "get": operation(
                    "How every broadcast did, newest first (the dashboard)",
                    responses: [200: ("StatsList", "every broadcast's figures")], errors: [])
            ],
            "/api/v1/templates": [
                "get": operation(
                    "List templates by name",
                    parameters: [query("category", "only templates filed under it", schema: string)],
                    responses: [200: ("TemplateList", "the templates")], errors: []),
                "post": operation(
                    "Write a new template", body: "NewTemplate", mutating: true,
                    responses: [201: ("Template", "the new template")], errors: [400, 409, 422]),
            ],
            "/api/v1/templates/{name}": [
                "get": operation(
                    "One template", parameters: [template], responses: [200: ("Template", "the template")],
                    errors: [404]),
                "patch": operation(
                    "Revise a template", parameters: [template], body: "TemplateRevision", mutating: true,
                    responses: [200: ("Template", "the revised template")], errors: [400, 404, 409, 422]),
                "delete": operation(
                    "Archive a template; broadcasts that use it keep their copy", parameters: [template],
                    mutating: true, responses: [200: ("Template", "the archived template")], errors: [404]),
            ],
            "/api/v1/templates/{name}/preview": [
                "get": operation(
                    "Render a template for one recipient, as the message would be sent",
                    parameters: [
                        template, query("recipient", "the recipient's user id", schema: integer, required: true),
                    ],
                    responses: [200: ("TemplatePreview", "the text and buttons")], errors: [400, 404, 422])
            ],
            "/api/v1/cohorts/preview": [
                "post": operation(
                    "How many active recipients a cohort selects, and a sample", body: "CohortQuestion",
                    mutating: true, responses: [200: ("CohortPreview", "the size and a sample")],
                    errors: [400, 422])
            ],
            "/api/v1/rotations": [
                "get": operation(
                    "List rotations by name, with their next run",
                    responses: [200: ("RotationList", "the rotations")], errors: []),
                "post": operation(
                    "Set up a rotation", body: "NewRotation", mutating: true,
                    responses: [201: ("Rotation", "the new rotation")], errors: [400, 404, 409, 422]),
            ],
            "/api/v1/rotations/{name}": [
                "get": operation(
                    "One rotation", parameters: [rotation], responses: [200: ("Rotation", "the rotation")],
                    errors: [404])
            ],
            "/api/v1/rotations/{name}/pause": [
                "post": operation(
                    "Post nothing until resumed", parameters: [rotation], mutating: true,
                    responses: [200: ("Rotation", "the paused rotation")], errors: [404, 409])
            ],
            "/api/v1/rotations/{name}/resume": [
                "post": operation(
                    "Post again from the next slot still ahead", parameters: [rotation], mutating: true,
                    responses: [200: ("Rotation", "the active rotation")], errors: [404, 409])
            ],
            "/api/v1/conversions": [
                "post": operation(
                    "Record that a recipient of a broadcast converted", body: "NewConversion", mutating: true,
                    responses: [201: ("Conversion", "the conversion")], errors: [400, 404, 409, 422])
            ],
            "/api/v1/recipients/{user_id}": [
                "get": operation(
                    "One recipient", parameters: [path("user_id", "the recipient's Telegram user id", schema: integer)],
                    responses: [200: ("Recipient", "the recipient")], errors: [400, 404])
            ],
        ]
    }

    static let statuses = ["draft", "scheduled", "sending", "paused", "completed", "canceled", "failed"]

    private static func operation(
        _ summary: String, parameters: [[String: Any]] = [], body: String? = nil, mutating: Bool = false,
        security: Bool = true, responses: [Int: (schema: String?, description: String)], errors: [Int]
    ) -> [String: Any] {
        var answers: [String: Any] = [:]
        for (status, response) in responses {
            var answer: [String: Any] = ["description": response.description]
            if let name = response.schema { answer["content"] = ["application/json": ["schema": schema(name)]] }
            answers["\(status)"] = answer
        }
        let errorText = [
            400: "a malformed request (invalid_request), naming the field",
            401: "no or a wrong bearer token (unauthorized)",
            404: "something named does not exist (broadcast_not_found, template_not_found, …)",
            409: "its state or a name forbids it (invalid_transition, template_name_taken, …)",
            422: "the domain refuses it (invalid_cohort, empty_audience, time_in_past, …)",
            503: "the admin API is off: HERALD_API_TOKEN is not set (api_disabled)",
        ]
        for status in errors + (security ? [401] : []) + [503] {
            answers["\(status)"] = [
                "description": errorText[status] ?? "refused",
                "content": ["application/json": ["schema": schema("Error")]],
            ]
        }
        var operation: [String: Any] = ["summary": summary, "responses": answers]
        let all = parameters + (mutating ? [ref("IdempotencyKey")] : [])
        if !all.isEmpty { operation["parameters"] = all }
        if let body {
            operation["requestBody"] = [
                "required": true, "content": ["application/json": ["schema": schema(body)]],
            ]
        }
        if !security { operation["security"] = [[String: Any]]() }
        return operation
    }

    private static func ref(_ parameter: String) -> [String: Any] { ["$ref": "#/components/parameters/\(parameter)"] }
    static func schema(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    private static func path(_ name: String, _ description: String, schema: [String: Any] = string) -> [String: Any] {
        ["name": name, "in": "path", "required": true, "description": description, "schema": schema]
    }

    private static func query(_ name: String, _ description: String, schema: [String: Any], required: Bool = false)
        -> [String: Any]
    {
        ["name": name, "in": "query", "required": required, "description": description, "schema": schema]
    }
}
