import ArgumentParser
import Broadcasting
import Foundation
import Projections

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
        let template = try await TemplateReader(database: try database.resolved()).existing(named: name)
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

    func run() async throws {
        let preview = try await refusing("cannot preview template \(name) for \(recipient)") {
            try await TemplateReader(database: try database.resolved()).preview(named: name, recipient: recipient)
        }
        if output.json { return try output.printJSON(preview) }
        print(preview.text)
        preview.buttons.forEach { print(TemplateReader.describe($0)) }
    }
}
