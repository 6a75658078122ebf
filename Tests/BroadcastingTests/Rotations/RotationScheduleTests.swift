import Foundation
import PropertyBased
import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct RotationScheduleTests {
    let a = UUID()
    let b = UUID()
    let start = Timestamp(Date(timeIntervalSince1970: 1_800_000_000))

    func at(_ seconds: Double) -> Timestamp { Timestamp(start.date.addingTimeInterval(seconds)) }

    @Test func slotsFallEveryIntervalAndTakeTheTemplatesInTurn() {
        let schedule = RotationSchedule(startsAt: start, intervalSeconds: 3_600, templateIDs: [a, b])
        #expect((0..<5).map { schedule.time(ofSlot: $0) } == [0, 3_600, 7_200, 10_800, 14_400].map { at($0) })
        #expect((0..<5).map { schedule.template(forSlot: $0) } == [a, b, a, b, a])
    }

    @Test func nextRunBeforeTheStartIsTheFirstSlot() {
        let schedule = RotationSchedule(startsAt: start, intervalSeconds: 3_600, templateIDs: [a, b])
        let next = schedule.nextSlot(from: 0, now: at(-86_400))
        #expect(next == RotationSchedule.Slot(sequence: 0, at: start, templateID: a))
    }

    @Test func aSlotDueThisVerySecondIsTheNextRun() {
        let schedule = RotationSchedule(startsAt: start, intervalSeconds: 60, templateIDs: [a])
        #expect(schedule.nextSlot(from: 0, now: at(120)).sequence == 2)
        #expect(schedule.nextSlot(from: 0, now: at(120.5)).sequence == 3)
    }

    @Test func missedSlotsAreSkippedNotPostedLate() {
        // Posted slots 0 and 1, then paused for a day: the next run is the first slot still ahead.
        let schedule = RotationSchedule(startsAt: start, intervalSeconds: 3_600, templateIDs: [a, b])
        let next = schedule.nextSlot(from: 2, now: at(86_400 + 1))
        #expect(next.sequence == 25)
        #expect(next.at == at(90_000))
        #expect(next.templateID == b)
    }

    @Test func aSlotWithOutcomesIsNeverTheNextRunAgain() {
        let schedule = RotationSchedule(startsAt: start, intervalSeconds: 3_600, templateIDs: [a, b])
        #expect(schedule.nextSlot(from: 3, now: at(0)).sequence == 3)
    }

    /// The first slot from `nextSequence` at or after `now`, whatever the numbers.
    @Test func nextSlotIsTheFirstUnpostedSlotNotYetPast() async {
        let input = zip(
            Gen.int(in: 0...2_000_000_000), Gen.int(in: 60...(366 * 86_400)), Gen.int(in: 0...5_000),
            Gen.int(in: -400_000_000...400_000_000))
        await propertyCheck(count: 500, input: input) { values in
            let (startSeconds, interval, nextSequence, offset) = values
            let start = Timestamp(Date(timeIntervalSince1970: Double(startSeconds)))
            let schedule = RotationSchedule(startsAt: start, intervalSeconds: interval, templateIDs: [a, b])
            let now = Timestamp(start.date.addingTimeInterval(Double(offset) + 0.25))
            let next = schedule.nextSlot(from: nextSequence, now: now)
            #expect(next.sequence >= nextSequence)
            #expect(next.at >= now)
            #expect(next.sequence == nextSequence || schedule.time(ofSlot: next.sequence - 1) < now)
            #expect(next.templateID == (next.sequence.isMultiple(of: 2) ? a : b))
        }
    }
}
