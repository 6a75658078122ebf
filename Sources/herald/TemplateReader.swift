import Broadcasting
import Projections

extension TemplateReader {
    /// The template called `name`, or a one-line error.
    func existing(named name: String) async throws -> Template {
        guard let template = try await template(named: name) else {
            throw CLIError("no template named \(name); herald template list shows them")
        }
        return template
    }

    /// One line per button: its label and where it leads.
    static func describe(_ button: TemplateButton) -> String {
        "[\(button.text)] " + (button.url ?? "callback:\(button.id)")
    }
}
