import ArgumentParser
import Broadcasting
import Postgres

/// `herald event-samples`: one JSON line per catalogue entry, its sample data encoded exactly as
/// the event store stores it. `scripts/check-event-schemas` validates them against EventSchemas/.
struct EventSamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event-samples",
        abstract: "Print a sample of every event type, one JSON line each.",
        shouldDisplay: false
    )

    func run() throws {
        for sample in EventCatalogue.samples {
            let eventType = type(of: sample)
            let data = try JSONB(encoding: sample)
            let type = try JSONB(encoding: eventType.type)
            print(#"{"type":\#(type.text),"schema_version":\#(eventType.schemaVersion),"data":\#(data.text)}"#)
        }
    }
}
