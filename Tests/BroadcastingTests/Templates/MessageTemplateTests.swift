import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct MessageTemplateTests {
    @Test func variablesAreEscapedAndTemplateTextIsNot() throws {
        let template = try MessageTemplate("*Hi {{ first_name }}*\\! Your tier: {{ tier }}")
        let text = try template.render(["first_name": "Ana_Maria (2)", "tier": "gold.plus"])
        #expect(text == #"*Hi Ana\_Maria \(2\)*\! Your tier: gold\.plus"#)
    }

    @Test func unparsableTemplateIsRejected() {
        #expect(throws: TemplateRejection.self) { try MessageTemplate("{% if tier %}premium") }
        #expect(throws: TemplateRejection.self) { try MessageTemplate("{% frobnicate %}") }
    }

    @Test func unknownVariableIsRejectedByName() throws {
        let template = try MessageTemplate("Hi {{ first_name }}, {{ attributes.tier }}")
        #expect(throws: TemplateRejection.unknownVariable("attributes")) {
            try template.render(["first_name": "Ana"])
        }
    }

    @Test func defaultFilterAllowsAMissingVariable() throws {
        let template = try MessageTemplate(#"Hi {{ first_name|default:"there" }}"#)
        #expect(try template.render([:]) == "Hi there")
        #expect(try template.render(["first_name": "Bo!"]) == #"Hi Bo\!"#)
    }

    @Test func conditionsAndLoopVariablesAreNotRequired() throws {
        let template = try MessageTemplate("{% if vip %}VIP {% endif %}{% for c in letters %}{{ c }}{% endfor %}x")
        #expect(template.requiredVariables.isEmpty)
        #expect(try template.render([:]) == "x")
    }

    @Test func textOver4096CharactersIsRejected() throws {
        let template = try MessageTemplate("{{ name }}")
        #expect(try template.render(["name": String(repeating: "a", count: 4096)]).count == 4096)
        #expect(throws: TemplateRejection.tooLong(4097)) {
            try template.render(["name": String(repeating: "a", count: 4097)])
        }
        // Escapes count: 2049 dots render as 4098 characters.
        #expect(throws: TemplateRejection.tooLong(4098)) {
            try template.render(["name": String(repeating: ".", count: 2049)])
        }
    }

    @Test func emptyTextIsRejected() throws {
        #expect(throws: TemplateRejection.empty) { try MessageTemplate("{{ name }}").render(["name": " "]) }
    }
}
