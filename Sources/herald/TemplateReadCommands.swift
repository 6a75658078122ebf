import ArgumentParser
import Broadcasting
import Foundation

struct TemplateList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List templates by name.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only templates filed under this category.") var category: String?

    func run() async throws {
        let reader = TemplateReader(database: try database.resolved())
        for template in try await reader.templates(category: category) {
            if output.json {
                try output.printJSON(template)
            } else {
                let state = template.archived ? "archived" : "active"
                print(
                    "\(template.name)  revision \(template.revision)  \(state)  \(template.parse_mode)  "
                        + "\(template.category ?? "-")  \(template.buttons.count) buttons")
            }
        }
    }
}

struct TemplateShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One template.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The template's name.") var name: String

    func run() async throws {
        let template = try await TemplateReader(database: try database.resolved()).template(named: name)
        if output.json { return try output.printJSON(template) }
        print(
            "\(template.name)  revision \(template.revision)\(template.archived ? "  archived" : "")  "
                + "\(template.parse_mode)\(template.category.map { "  category \($0)" } ?? "")")
        print(template.body)
        template.buttons.forEach { print(TemplateReader.describe($0)) }
    }
}

struct TemplatePreview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview", abstract: "Render a template for one recipient, as the message would be sent.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The template's name.") var name: String
    @Option(help: "The user id whose attributes fill the variables.") var recipient: Int64

    struct Preview: Encodable {
        let text: String
        let parse_mode: String
        let buttons: [TemplateButton]
    }

    func run() async throws {
        let url = try database.resolved()
        let template = try await TemplateReader(database: url).template(named: name)
        guard
            let recipient = try await AudienceReader(database: url).recipients(
                where: ("user_id", String(self.recipient)), limit: 1
            ).first
        else {
            throw CLIError("no recipient with user id \(self.recipient); herald recipients import adds them")
        }
        var variables = recipient.attributes
        if let username = recipient.username { variables["username"] = username }
        let text: String
        do {
            text = try MessageTemplate(template.body, parseMode: ParseMode(named: template.parse_mode) ?? .markdownV2)
                .render(variables)
        } catch {
            throw CLIError("cannot preview template \(name) for \(self.recipient): \(error)")
        }
        if output.json {
            return try output.printJSON(Preview(text: text, parse_mode: template.parse_mode, buttons: template.buttons))
        }
        print(text)
        template.buttons.forEach { print(TemplateReader.describe($0)) }
    }
}
