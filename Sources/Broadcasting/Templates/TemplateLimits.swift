import Stencil

/// What a template may be and how much work rendering it may do, checked from Stencil's tokens
/// before anything is parsed or rendered.
///
/// Stencil parses nested blocks by recursion and expands a loop's range into an array, so an
/// unchecked template can exhaust the stack (thousands of nested `if`s) or the CPU and memory
/// (nine nested loops of ten are a billion bodies). The check bounds the source, the nesting, the
/// words of each tag, the tags and filters used, and — multiplying each token by the loops around
/// it — the loop bodies run, the tags and variables evaluated and the text written. A loop runs over
/// a range of whole numbers written in the template (`1...3`) or over a variable, which counts as
/// the longest loop allowed.
public enum TemplateLimits {
    public static let maximumSourceBytes = 16_384
    public static let maximumDepth = 8
    public static let maximumWordsPerTag = 32
    public static let maximumFiltersPerTag = 8
    public static let maximumLoopLength = 1_000
    public static let maximumIterations = 10_000
    public static let maximumEvaluations = 10_000
    public static let maximumOutputBytes = 65_536
    /// What one variable is assumed to write, for the output estimate (values are bounded where
    /// they enter; the rendered text is measured against Telegram's limit afterwards).
    static let bytesPerVariable = 64

    /// Tags Herald renders. `now` would make a message depend on when it is rendered; `include`,
    /// `extends`, `block` and `filter` have nothing to load or apply here.
    public static let tags: [String] = ["if", "elif", "else", "endif", "ifnot", "for", "empty", "endfor", "break", "continue"]
    /// Filters Herald renders (`indent` and `filter` are left out: `indent` writes as much as asked).
    public static let filters: [String] = ["default", "capitalize", "uppercase", "lowercase", "join", "split"]

    /// Refuses `source` naming the first limit it passes.
    public static func check(_ source: String) throws(TemplateRejection) {
        _ = try lexed(source)
    }

    /// `source` lexed (once, after its size is checked) and checked, for the caller to parse and
    /// render; refused naming the first limit it passes.
    static func lexed(_ source: String, environment: Environment = Environment()) throws(TemplateRejection)
        -> Template
    {
        let bytes = source.utf8.count
        guard bytes <= maximumSourceBytes else {
            throw .overLimit("the template is \(bytes) bytes, over the \(maximumSourceBytes) a template may have")
        }
        let template = Template(templateString: source, environment: environment)
        var budget = Budget()
        for token in template.tokens {
            try budget.take(token)
        }
        return template
    }

    /// The running count of the check: open blocks with the loops' multipliers, and the totals.
    private struct Budget {
        /// Open blocks, innermost last: whether each is a loop, and the multiplier inside it.
        var open: [(loop: Bool, multiplier: Int)] = []
        var iterations = 0
        var evaluations = 0
        var output = 0

        var multiplier: Int { open.last?.multiplier ?? 1 }

        mutating func take(_ token: Token) throws(TemplateRejection) {
            switch token.kind {
            case .text:
                try add(token.contents.utf8.count, to: \.output)
            case .comment:
                return
            case .variable:
                try checkWords(token)
                try add(1, to: \.evaluations)
                try add(TemplateLimits.bytesPerVariable, to: \.output)
            case .block:
                try checkWords(token)
                try add(1, to: \.evaluations)
                try block(token)
            }
        }

        private mutating func block(_ token: Token) throws(TemplateRejection) {
            var words = token.components
            if let first = words.first, first.hasSuffix(":"), words.count >= 2 { words.removeFirst() }
            guard let name = words.first else { return }
            guard TemplateLimits.tags.contains(name) else {
                throw .overLimit(
                    "{% \(name.quotedShort) %} is not a tag Herald renders; use "
                        + TemplateLimits.tags.joined(separator: ", "))
            }
            switch name {
            case "if", "ifnot":
                try push(loop: false, multiplier: multiplier)
            case "for":
                let length = try loopLength(words)
                let inside = Self.product(multiplier, length)
                try push(loop: true, multiplier: inside)
                iterations = Self.sum(iterations, inside)
                guard iterations <= TemplateLimits.maximumIterations else {
                    throw .overLimit(
                        "the template's loops would run their bodies over \(TemplateLimits.maximumIterations) "
                            + "times in all; loop over fewer items or nest fewer loops")
                }
            case "endif":
                // Only a matching end closes a block: a stray one fails Stencil's parse later, and
                // counting it here could only make the depth look smaller than it is.
                if open.last?.loop == false { open.removeLast() }
            case "endfor":
                if open.last?.loop == true { open.removeLast() }
            default:
                return
            }
        }

        private mutating func push(loop: Bool, multiplier: Int) throws(TemplateRejection) {
            open.append((loop, multiplier))
            guard open.count <= TemplateLimits.maximumDepth else {
                throw .overLimit(
                    "the template nests blocks \(open.count) deep, over the \(TemplateLimits.maximumDepth) allowed")
            }
        }

        /// The items a `for` runs over: a literal range's count, or the longest allowed for a variable.
        private func loopLength(_ words: [String]) throws(TemplateRejection) -> Int {
            guard let index = words.firstIndex(of: "in"), index + 1 < words.count else {
                throw .unparsable("'for' statements should use the syntax: `for <x> in <y> [where <condition>]`.")
            }
            let iterable = words[index + 1]
            guard iterable.contains("...") else { return TemplateLimits.maximumLoopLength }
            let bounds = iterable.components(separatedBy: "...")
            guard bounds.count == 2, let lower = Int(bounds[0]), let upper = Int(bounds[1]) else {
                throw .overLimit(
                    "the loop over \(iterable.quotedShort) is not a range of whole numbers written in the template; "
                        + "write one such as 1...3")
            }
            let (span, overflow) = upper.subtractingReportingOverflow(lower)
            let length = overflow || span.magnitude >= UInt(TemplateLimits.maximumLoopLength) ? Int.max : Int(span.magnitude) + 1
            guard length <= TemplateLimits.maximumLoopLength else {
                throw .overLimit(
                    "the loop over \(iterable.quotedShort) has more than the \(TemplateLimits.maximumLoopLength) "
                        + "items a loop may have")
            }
            return length
        }

        private func checkWords(_ token: Token) throws(TemplateRejection) {
            let words = token.components.count
            guard words <= TemplateLimits.maximumWordsPerTag else {
                throw .overLimit(
                    "a tag or variable of the template has \(words) words, over the "
                        + "\(TemplateLimits.maximumWordsPerTag) allowed")
            }
            let filters = Self.filterNames(token.contents)
            guard filters.count <= TemplateLimits.maximumFiltersPerTag else {
                throw .overLimit(
                    "a tag or variable of the template applies \(filters.count) filters, over the "
                        + "\(TemplateLimits.maximumFiltersPerTag) allowed")
            }
            if let unknown = filters.first(where: { !TemplateLimits.filters.contains($0) }) {
                throw .overLimit(
                    "|\(unknown.quotedShort) is not a filter Herald renders; use "
                        + TemplateLimits.filters.joined(separator: ", "))
            }
        }

        /// Adds `amount` times the multiplier to a total, refusing the template once it passes its limit.
        private mutating func add(_ amount: Int, to total: WritableKeyPath<Budget, Int>) throws(TemplateRejection) {
            self[keyPath: total] = Self.sum(self[keyPath: total], Self.product(amount, multiplier))
            if evaluations > TemplateLimits.maximumEvaluations {
                throw .overLimit(
                    "rendering the template would evaluate over \(TemplateLimits.maximumEvaluations) tags and "
                        + "variables; loop over fewer items or nest fewer loops")
            }
            if output > TemplateLimits.maximumOutputBytes {
                throw .overLimit(
                    "rendering the template would write over \(TemplateLimits.maximumOutputBytes) bytes; "
                        + "loop over fewer items or write less in a loop")
            }
        }

        /// The names after each `|` outside quotes.
        static func filterNames(_ contents: String) -> [String] {
            var names: [String] = []
            var quote: Character?
            var index = contents.startIndex
            while index < contents.endIndex {
                let character = contents[index]
                index = contents.index(after: index)
                if let open = quote {
                    if character == open { quote = nil }
                } else if character == "\"" || character == "'" {
                    quote = character
                } else if character == "|" {
                    let rest = contents[index...].drop(while: { $0 == " " })
                    names.append(String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }))
                }
            }
            return names
        }

        static func product(_ a: Int, _ b: Int) -> Int {
            let (value, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? Int.max : value
        }

        static func sum(_ a: Int, _ b: Int) -> Int {
            let (value, overflow) = a.addingReportingOverflow(b)
            return overflow ? Int.max : value
        }
    }
}
