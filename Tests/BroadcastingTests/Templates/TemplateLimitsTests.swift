import PropertyBased
import Testing

@testable import Broadcasting

/// The templates of the hostile-input review, and the limits that refuse them before Stencil
/// parses or renders anything.
@Suite(.timeLimit(.minutes(5))) struct TemplateLimitsTests {
    static func nestedLoops(_ depth: Int, range: String = "1...10") -> String {
        String(repeating: "{% for a in \(range) %}", count: depth) + "x" + String(repeating: "{% endfor %}", count: depth)
    }

    static func nestedIfs(_ depth: Int) -> String {
        String(repeating: "{% if a %}", count: depth) + "x" + String(repeating: "{% endif %}", count: depth)
    }

    static func refusal(_ source: String) -> String? {
        do {
            _ = try MessageTemplate(source)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func nineNestedLoopsAreRefusedWithoutRendering() {
        // 10^9 bodies: rendering it would take hours; the check refuses it at the fourth loop
        // (10 + 100 + 1,000 + 10,000 bodies).
        let reason = "the template's loops would run their bodies over 10000 times in all; loop over fewer items or nest fewer loops"
        #expect(Self.refusal(Self.nestedLoops(9)) == reason)
        #expect(Self.refusal(Self.nestedLoops(4)) == reason)
        #expect((try? MessageTemplate(Self.nestedLoops(3)).render([:])) == String(repeating: "x", count: 1000))
    }

    @Test func deepNestingIsRefusedByItsDepthAndHugeSourceByItsSize() {
        // The review's crash: 4,000 nested ifs (84 KB) overflowed the stack in Stencil's parser.
        let huge = Self.nestedIfs(4000)
        #expect(Self.refusal(huge) == "the template is \(huge.utf8.count) bytes, over the 16384 a template may have")
        #expect(Self.refusal(Self.nestedIfs(9)) == "the template nests blocks 9 deep, over the 8 allowed")
        #expect(Self.refusal(Self.nestedIfs(8)) == nil)
        let mixed = "{% for i in 1...2 %}" + Self.nestedIfs(8) + "{% endfor %}"
        #expect(Self.refusal(mixed) == "the template nests blocks 9 deep, over the 8 allowed")
    }

    @Test func strayEndTagsCannotHideDepth() {
        // An endfor does not close an if: Stencil would fail on it, and the depth still counts.
        let source = String(repeating: "{% if a %}{% endfor %}", count: 9) + String(repeating: "{% endif %}", count: 9)
        #expect(Self.refusal(source) == "the template nests blocks 9 deep, over the 8 allowed")
    }

    @Test func sourceSizeLimitIsExact() {
        #expect(Self.refusal(String(repeating: "a", count: TemplateLimits.maximumSourceBytes)) == nil)
        #expect(Self.refusal(String(repeating: "a", count: TemplateLimits.maximumSourceBytes + 1)) != nil)
        // Bytes, not characters: 4,097 four-byte emoji are over.
        #expect(Self.refusal(String(repeating: "🎉", count: 4097))?.contains("16388 bytes") == true)
    }

    @Test func loopRangesAreBoundedLiterals() {
        #expect(Self.refusal("{% for i in 1...1000 %}{% endfor %}x") == nil)
        #expect(Self.refusal("{% for i in 1...1001 %}{% endfor %}x")?.contains("more than the 1000 items") == true)
        #expect(Self.refusal("{% for i in 0...9223372036854775807 %}{% endfor %}x")?.contains("more than") == true)
        #expect(
            Self.refusal("{% for i in -9223372036854775808...9223372036854775807 %}{% endfor %}x")?.contains(
                "more than") == true)
        #expect(Self.refusal("{% for i in 1...n %}{% endfor %}x")?.contains("not a range of whole numbers") == true)
        #expect(Self.refusal("{% for i in 10...1 %}{{ i }}{% endfor %}") == nil)
    }

    @Test func aLoopOverAVariableCountsAsTheLongestLoop() {
        #expect(Self.refusal("{% for c in letters %}{{ c }}{% endfor %}x") == nil)
        #expect(Self.refusal("{% for c in letters %}{% for d in letters %}{% endfor %}{% endfor %}x") != nil)
    }

    @Test func outputIsEstimatedBeforeRendering() {
        let text = String(repeating: "y", count: 70)
        #expect(Self.refusal("{% for i in 1...1000 %}\(text){% endfor %}")?.contains("over 65536 bytes") == true)
        #expect(Self.refusal("{% for i in 1...900 %}\(text){% endfor %}") == nil)
    }

    @Test func onlyTagsAndFiltersHeraldRendersAreAccepted() {
        #expect(Self.refusal("{% now \"yyyy\" %}")?.hasPrefix("{% now %} is not a tag Herald renders") == true)
        #expect(Self.refusal("{% include \"x.html\" %}")?.contains("include") == true)
        #expect(Self.refusal("{% filter uppercase %}a{% endfilter %}")?.contains("filter") == true)
        #expect(Self.refusal("{{ name|indent:100000000 }}")?.hasPrefix("|indent is not a filter Herald renders") == true)
        #expect(Self.refusal("{% if name|indent:9 %}a{% endif %}")?.contains("indent") == true)
        #expect(Self.refusal(#"{{ name|default:"a|indent"|uppercase }}"#) == nil)
        // A labelled loop is read past its label (Stencil then judges the rest).
        #expect(Self.refusal("{% outer: for i in 1...3 %}{% endfor %}x") == nil)
        #expect(Self.refusal("{% outer: for i in 1...3000 %}{% endfor %}x")?.contains("1000 items") == true)
        #expect(Self.refusal("{{ a" + String(repeating: "|lowercase", count: 9) + " }}")?.contains("9 filters") == true)
    }

    @Test func longExpressionsAreRefused() {
        let condition = Array(repeating: "not", count: 40).joined(separator: " ") + " a"
        let reason = Self.refusal("{% if \(condition) %}x{% endif %}")
        #expect(reason == "a tag or variable of the template has 42 words, over the 32 allowed")
    }

    @Test func aStoredTemplatePastALimitIsRefusedWhenRenderedNotParsed() {
        // A body an older binary accepted: rendering refuses it instead of crashing in the parser.
        let compiled = MessageTemplate(unchecked: Self.nestedIfs(4000)).compiled()
        #expect(throws: TemplateRejection.self) { try compiled.render([:]) }
        #expect(throws: TemplateRejection.self) { try MessageTemplate(unchecked: Self.nestedLoops(9)).render([:]) }
        #expect(MessageTemplate(unchecked: Self.nestedIfs(4000)).requiredVariables.isEmpty)
    }

    /// Generated nests of loops and conditions: the check never traps, and whatever it accepts
    /// renders within the iteration budget it promises.
    static let bodies = ["", "x", "{{ a|default:\"1\" }}", "{{ forloop.counter }}"]
    static let nests = zip(
        Gen.int(in: 0...1).map { $0 == 0 ? "for" : "if" }.array(of: 0...12), Gen.int(in: 0...40).array(of: 12),
        Gen.int(in: 0...3).map { bodies[$0] })

    @Test func acceptedTemplatesRenderWithinTheBudget() async {
        await propertyCheck(count: 300, input: Self.nests) { kinds, spans, body in
            var source = ""
            var product = 1
            for (kind, span) in zip(kinds, spans) {
                source += kind == "for" ? "{% for i in 1...\(span) %}" : "{% if a %}"
                if kind == "for" {
                    let (next, overflow) = product.multipliedReportingOverflow(by: abs(span - 1) + 1)
                    product = overflow ? Int.max : next
                }
            }
            source += body + "z"
            for kind in kinds.reversed() { source += kind == "for" ? "{% endfor %}" : "{% endif %}" }
            guard let template = try? MessageTemplate(source) else { return }
            #expect(kinds.count <= TemplateLimits.maximumDepth)
            #expect(product <= TemplateLimits.maximumIterations)
            _ = try? template.render(["a": "1"])
        }
    }
}
