import Foundation
import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct TemplateDeciderTests {
    let id = UUID()

    func fold(_ events: [any DomainEvent]) -> TemplateState {
        events.reduce(TemplateState(), TemplateDecider.evolve)
    }

    func created() throws -> TemplateState {
        fold(
            try TemplateDecider.decide(.create(templateID: id, name: "n", body: "Hi {{ name }}", buttons: []), .init())
                .get())
    }

    @Test func createThenReviseCountsRevisions() throws {
        let events = try TemplateDecider.decide(.revise(templateID: id, body: "Hello", buttons: []), created()).get()
        #expect((events.first as? TemplateRevised)?.revision == 2)
        #expect(fold([TemplateCreated(templateID: id, name: "n", body: "a", buttons: [])] + events).body == "Hello")
    }

    @Test func rejectsWhatTelegramWouldRefuse() throws {
        let decide = { (body: String, buttons: [TemplateButton]) in
            TemplateDecider.decide(.create(templateID: self.id, name: "n", body: body, buttons: buttons), .init())
        }
        #expect(throws: DecisionRejection.self) { try decide("{% if %}", []).get() }
        #expect(throws: DecisionRejection.invalidTemplate(.tooLong(4097))) {
            try decide(String(repeating: "a", count: 4097) + "{{ name }}", []).get()
        }
        #expect(throws: DecisionRejection.invalidButton(.payloadTooLong(bytes: 65))) {
            try decide("Hi", [TemplateButton(id: String(repeating: "b", count: 40), text: "B")]).get()
        }
        #expect(throws: DecisionRejection.invalidButton(.invalidURL("ftp://x"))) {
            try decide("Hi", [TemplateButton(id: "b", text: "B", url: "ftp://x")]).get()
        }
        #expect(throws: DecisionRejection.duplicateButton("b")) {
            try decide("Hi", [TemplateButton(id: "b", text: "B"), TemplateButton(id: "b", text: "C")]).get()
        }
    }

    @Test func archivedTemplateCannotBeRevised() throws {
        let archived = fold([
            TemplateCreated(templateID: id, name: "n", body: "a", buttons: []), TemplateArchived(templateID: id),
        ])
        #expect(throws: DecisionRejection.templateArchived) {
            try TemplateDecider.decide(.revise(templateID: id, body: "b", buttons: []), archived).get()
        }
        #expect(try TemplateDecider.decide(.archive(templateID: id), archived).get().isEmpty)
    }

    @Test func unknownTemplateAndDuplicateCreateAreRejected() throws {
        #expect(throws: DecisionRejection.unknownTemplate) {
            try TemplateDecider.decide(.archive(templateID: id), .init()).get()
        }
        #expect(throws: DecisionRejection.alreadyExists) {
            try TemplateDecider.decide(.create(templateID: id, name: "n", body: "a", buttons: []), created()).get()
        }
    }

    @Test func parseModeAndCategoryAreRecordedAndRevisable() throws {
        let create = TemplateCommand.create(
            templateID: id, name: "n", body: "Hi <b>{{ name }}</b>", parseMode: .html, category: "promo", buttons: [])
        let events = try TemplateDecider.decide(create, .init()).get()
        #expect(
            events.first as? TemplateCreated
                == TemplateCreated(
                    templateID: id, name: "n", body: "Hi <b>{{ name }}</b>", parseMode: .html, category: "promo",
                    buttons: []))
        let state = fold(events)
        #expect(state.parseMode == .html && state.category == "promo")
        let revised = try TemplateDecider.decide(
            .revise(templateID: id, body: "Hi", parseMode: .plain, category: nil, buttons: []), state
        ).get()
        let after = fold(events + revised)
        #expect(after.parseMode == .plain && after.category == nil)
    }

    @Test func aCategoryIsALabel() {
        for bad in ["", "Big Sale", "-promo", String(repeating: "a", count: 33), "promo!"] {
            #expect(throws: DecisionRejection.invalidCategory(bad)) {
                try TemplateDecider.decide(
                    .create(templateID: id, name: "n", body: "Hi", category: bad, buttons: []), .init()
                ).get()
            }
        }
        for good in ["promo", "news_2026", "a", String(repeating: "a", count: 32)] {
            #expect(throws: Never.self) {
                try TemplateDecider.decide(
                    .create(templateID: id, name: "n", body: "Hi", category: good, buttons: []), .init()
                ).get()
            }
        }
    }
}
