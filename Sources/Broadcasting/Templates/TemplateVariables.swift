import Stencil

/// The recipient variables a template's `{{ … }}` expressions refer to, read from Stencil's tokens.
struct TemplateVariables {
    /// Root names used without a `default` filter, minus names bound by `{% for %}` loops.
    let required: [String]

    init(tokens: [Token]) {
        var bound: Set<String> = ["forloop"]
        var required: [String] = []
        for token in tokens {
            switch token.kind {
            case .block:
                let words = token.components
                if words.first == "for" {
                    for word in words.dropFirst() {
                        if word == "in" { break }
                        bound.formUnion(word.split(separator: ",").map { String($0) })
                    }
                }
            case .variable:
                let filters = token.contents.split(separator: "|").map { $0.trimmingWhitespace }
                guard let expression = filters.first, let root = Self.root(of: expression) else { continue }
                let hasDefault = filters.dropFirst().contains { $0.hasPrefix("default") }
                if !hasDefault, !bound.contains(root), !required.contains(root) { required.append(root) }
            default:
                break
            }
        }
        self.required = required
    }

    /// The variable an expression starts from, or nil for a literal (`"text"`, `3`).
    private static func root(of expression: String) -> String? {
        guard let first = expression.first, first.isLetter || first == "_" else { return nil }
        let name = expression.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return name == "true" || name == "false" ? nil : String(name)
    }
}

extension Substring {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
