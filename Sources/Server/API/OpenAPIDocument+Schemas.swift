import Foundation

/// The request and answer shapes of the admin API, as JSON Schema inside the OpenAPI document.
extension OpenAPIDocument {
    // MARK: Shapes

    static var string: [String: Any] { ["type": "string"] }
    static var integer: [String: Any] { ["type": "integer"] }
    static var number: [String: Any] { ["type": "number"] }
    static var boolean: [String: Any] { ["type": "boolean"] }
    static var time: [String: Any] { ["type": "string", "format": "date-time"] }

    static func nullable(_ type: String, format: String? = nil) -> [String: Any] {
        var schema: [String: Any] = ["type": [type, "null"]]
        if let format { schema["format"] = format }
        return schema
    }

    static func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }

    static func object(_ properties: [String: [String: Any]], required: [String] = []) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required]
    }

    static var schemas: [String: Any] {
        let cohort: [String: Any] = [
            "type": "object",
            "description": #"field conditions, e.g. {"tier": "premium", "region": {"in": ["EU", "US"]}}"#,
        ]
        let button = object(
            ["id": string, "text": string, "url": string, "reply": string], required: ["id", "text"])
        return [
            "Error": object(
                [
                    "error": object(
                        ["code": string, "message": string, "field": nullable("string")],
                        required: ["code", "message"])
                ], required: ["error"]),
            "Broadcast": object(
                [
                    "broadcast_id": string, "title": string, "template_id": string, "template": nullable("string"),
                    "cohort": cohort, "status": ["enum": statuses], "send_at": nullable("string", format: "date-time"),
                    "audience": integer, "delivery": ["enum": ["at-most-once", "at-least-once"]], "paid": boolean,
                    "reason": nullable("string"), "created_at": time, "updated_at": time,
                ],
                required: [
                    "broadcast_id", "title", "template_id", "cohort", "status", "audience", "delivery", "paid",
                    "created_at", "updated_at",
                ]),
            "BroadcastPage": object(
                ["broadcasts": array(schema("Broadcast")), "next_cursor": nullable("string")],
                required: ["broadcasts"]),
            "NewBroadcast": object(
                [
                    "title": string, "template": string, "cohort": cohort, "send_at": time, "send_now": boolean,
                    "delivery": ["enum": ["at-most-once", "at-least-once"]], "paid": boolean,
                ], required: ["title", "template", "cohort"]),
            "BroadcastRevision": object(["title": string, "template": string, "cohort": cohort]),
            "Schedule": object(["send_at": time], required: ["send_at"]),
            "Stopped": object(
                [
                    "broadcast": schema("Broadcast"),
                    "sender": ["enum": ["acknowledged", "no_sender", "unconfirmed"]],
                ], required: ["broadcast", "sender"]),
            "BroadcastStats": object(
                [
                    "broadcast_id": string, "title": string, "status": ["enum": statuses], "audience": integer,
                    "sent": integer, "failed": integer,
                    "failed_by_class": ["type": "object", "additionalProperties": integer], "blocked": integer,
                    "unknown": integer, "retried": integer, "pending": integer, "unique_clickers": integer,
                    "taps": integer,
                    "buttons": array(
                        object(
                            [
                                "button": string, "label": nullable("string"), "unique_clicks": integer,
                                "taps": integer,
                            ], required: ["button", "unique_clicks", "taps"])),
                    "conversions": integer, "conversion_value": number, "ctr": nullable("number"),
                    "conversion_rate": nullable("number"),
                ],
                required: [
                    "broadcast_id", "title", "status", "audience", "sent", "failed", "failed_by_class", "blocked",
                    "unknown", "retried", "pending", "unique_clickers", "taps", "buttons", "conversions",
                    "conversion_value",
                ]),
            "BroadcastTimeline": object(
                [
                    "broadcast_id": string, "bucket_seconds": integer,
                    "points": array(
                        object(
                            ["at": time, "sent": integer, "failed": integer, "clicks": integer, "taps": integer],
                            required: ["at", "sent", "failed", "clicks", "taps"])),
                ], required: ["broadcast_id", "bucket_seconds", "points"]),
            "StatsList": object(["broadcasts": array(schema("BroadcastStats"))], required: ["broadcasts"]),
            "Button": button,
            "Template": object(
                [
                    "template_id": string, "name": string, "revision": integer, "body": string,
                    "parse_mode": ["enum": ["MarkdownV2", "HTML", "plain"]], "category": nullable("string"),
                    "buttons": array(schema("Button")), "archived": boolean, "created_at": time, "updated_at": time,
                ],
                required: [
                    "template_id", "name", "revision", "body", "parse_mode", "buttons", "archived", "created_at",
                    "updated_at",
                ]),
            "TemplateList": object(["templates": array(schema("Template"))], required: ["templates"]),
            "NewTemplate": object(
                [
                    "name": string, "text": string, "parse_mode": ["enum": ["MarkdownV2", "HTML", "plain"]],
                    "category": string, "buttons": array(schema("Button")),
                ], required: ["name", "text"]),
            "TemplateRevision": object([
                "text": string, "parse_mode": ["enum": ["MarkdownV2", "HTML", "plain"]],
                "category": nullable("string"), "buttons": array(schema("Button")),
            ]),
            "TemplatePreview": object(
                ["text": string, "parse_mode": string, "buttons": array(schema("Button"))],
                required: ["text", "parse_mode", "buttons"]),
            "CohortQuestion": object(["cohort": cohort, "sample": integer], required: ["cohort"]),
            "CohortPreview": object(
                ["size": integer, "sample": array(schema("Recipient"))], required: ["size", "sample"]),
            "Recipient": object(
                [
                    "user_id": integer, "chat_id": integer, "username": nullable("string"),
                    "status": ["enum": ["active", "blocked"]], "language": nullable("string"),
                    "attributes": ["type": "object", "additionalProperties": string],
                ], required: ["user_id", "chat_id", "status", "attributes"]),
            "Rotation": object(
                [
                    "rotation_id": string, "name": string, "status": ["enum": ["active", "paused"]],
                    "chat_ids": array(integer), "template_ids": array(string), "templates": array(string),
                    "interval_seconds": integer, "every": string, "starts_at": time,
                    "next_run": nullable("string", format: "date-time"), "next_sequence": integer,
                    "next_template": nullable("string"), "posts": integer, "failures": integer,
                    "last_posted_at": nullable("string", format: "date-time"), "created_at": time,
                    "updated_at": time,
                ],
                required: [
                    "rotation_id", "name", "status", "chat_ids", "template_ids", "templates", "interval_seconds",
                    "every", "starts_at", "next_sequence", "posts", "failures", "created_at", "updated_at",
                ]),
            "RotationList": object(["rotations": array(schema("Rotation"))], required: ["rotations"]),
            "NewRotation": object(
                [
                    "name": string, "every": ["type": "string", "description": "30m, 4h, 1d, 1h30m, …; 1m to 366d"],
                    "chats": array(integer), "templates": array(string), "start": time,
                ], required: ["name", "every", "chats", "templates"]),
            "NewConversion": object(
                ["broadcast": string, "recipient": integer, "value": number, "goal": string, "id": string],
                required: ["broadcast", "recipient"]),
            "Conversion": object(
                [
                    "conversion_id": string, "broadcast_id": string, "recipient": integer, "goal": string,
                    "value": nullable("number"),
                ], required: ["conversion_id", "broadcast_id", "recipient", "goal"]),
        ]
    }
}
