import ArgumentParser
import Broadcasting
import Engine
import EventStore
import Foundation

/// `herald template`: write, revise, archive, list, show and preview message templates.
struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Message templates: MarkdownV2 text with recipient variables, and CTA buttons.",
        subcommands: [
            TemplateCreate.self, TemplateRevise.self, TemplateArchive.self, TemplateList.self, TemplateShow.self,
            TemplatePreview.self,
        ])
}

/// The text and buttons of a template, as `create` and `revise` take them.
struct TemplateContent: ParsableArguments {
    @Option(help: "The template text, in its parse mode, with {{ variables }}.") var text: String?
    @Option(help: "A file holding the template text.") var file: String?
    @Option(
        name: .customLong("parse-mode"),
        help: "MarkdownV2, HTML or plain: how Telegram reads the text (create: MarkdownV2; revise: unchanged).")
    var parseMode: String?
    @Option(help: "A label to file the template under, e.g. promo (revise: unchanged; '' removes it).")
    var category: String?
    @Option(help: "'Label|https://…' or 'Label|callback:VALUE'; repeat for more buttons.") var button: [String] = []

    func validate() throws {
        if (text == nil) == (file == nil) { throw ValidationError("give exactly one of --text and --file") }
    }

    func body() throws -> String {
        if let text { return text }
        guard let file, let data = FileManager.default.contents(atPath: file) else {
            throw CLIError("cannot read \(file ?? ""): check the path and its permissions")
        }
        // PostgreSQL cannot store a NUL; refused here by name rather than cut or failed later.
        guard !data.contains(0) else {
            throw CLIError("--file \(file) contains a NUL character (U+0000), which Herald cannot store; remove it")
        }
        return String(decoding: data, as: UTF8.self)
    }

    func buttons() throws -> [TemplateButton] { try ButtonFlag.parse(button) }

    /// The parse mode given, if any.
    func mode() throws -> ParseMode? {
        try parseMode.map { name in
            guard let mode = ParseMode(named: name) else {
                throw CLIError("\(name) is not a parse mode: give MarkdownV2, HTML or plain")
            }
            return mode
        }
    }

    /// The category given: nil when not given, `.some(nil)` for '' (remove it).
    var filing: String?? { category.map { $0.isEmpty ? nil : $0 } }
}

extension DatabaseOptions {
    func templateHandler(actor: String?) throws -> TemplateHandler {
        TemplateHandler(
            store: EventStore(configuration: try resolved(), maximumConnections: 2),
            metadata: CommandMetadata(actor: actor ?? CLIActor.current))
    }
}

/// Runs a template command, turning a refusal into the CLI's one-line error.
func refusing<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch let rejection as DecisionRejection {
        throw CLIError("\(what): \(rejection)")
    }
}

struct TemplateCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Write a new template.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The template's unique name.") var name: String
    @OptionGroup var content: TemplateContent
    @Option(help: "Who is writing, for the audit log (default: cli:$USER).") var actor: String?

    func run() async throws {
        let (body, buttons, mode) = (try content.body(), try content.buttons(), try content.mode())
        let id = try await refusing("cannot create template \(name)") {
            try await database.templateHandler(actor: actor).create(
                name: name, body: body, parseMode: mode ?? .markdownV2, category: content.filing ?? nil,
                buttons: buttons)
        }
        print("created template \(name) (\(id.uuidString.lowercased()))")
    }
}

struct TemplateRevise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revise", abstract: "Change a template's text.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The template's name.") var name: String
    @OptionGroup var content: TemplateContent
    @Option(help: "Who is revising, for the audit log (default: cli:$USER).") var actor: String?

    func run() async throws {
        let (body, buttons, mode) = (try content.body(), try content.buttons(), try content.mode())
        let revision = try await refusing("cannot revise template \(name)") {
            try await database.templateHandler(actor: actor).revise(
                name: name, body: body, parseMode: mode, category: content.filing, buttons: buttons)
        }
        print("revised template \(name): revision \(revision)")
    }
}

struct TemplateArchive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive", abstract: "Retire a template; broadcasts that use it keep their copy.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The template's name.") var name: String
    @Option(help: "Who is archiving, for the audit log (default: cli:$USER).") var actor: String?

    func run() async throws {
        try await refusing("cannot archive template \(name)") {
            try await database.templateHandler(actor: actor).archive(name: name)
        }
        print("archived template \(name)")
    }
}
