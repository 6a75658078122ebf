import Foundation

/// When a rotation's slots fall and what each one posts.
///
/// Slot `k` (from 0) falls at `startsAt + k · intervalSeconds` and posts `templateIDs[k % count]`
/// to every chat. The next run is computed when it is read, never stored, so a read model folded
/// from the log stays the same however late it is replayed.
public struct RotationSchedule: Sendable, Hashable {
    public var startsAt: Timestamp
    public var intervalSeconds: Int
    public var templateIDs: [UUID]

    public init(startsAt: Timestamp, intervalSeconds: Int, templateIDs: [UUID]) {
        self.startsAt = startsAt
        self.intervalSeconds = intervalSeconds
        self.templateIDs = templateIDs
    }

    /// A slot and the template it posts.
    public struct Slot: Sendable, Hashable {
        public var sequence: Int
        public var at: Timestamp
        public var templateID: UUID?
    }

    /// Seconds between slots; at least 1, so a malformed value cannot stall the arithmetic.
    var step: Double { Double(max(1, intervalSeconds)) }

    public func time(ofSlot sequence: Int) -> Timestamp {
        Timestamp(startsAt.date.addingTimeInterval(Double(sequence) * step))
    }

    /// The template slot `sequence` posts; nil only for a schedule without templates.
    public func template(forSlot sequence: Int) -> UUID? {
        guard !templateIDs.isEmpty, sequence >= 0 else { return nil }
        return templateIDs[sequence % templateIDs.count]
    }

    public func slot(_ sequence: Int) -> Slot {
        Slot(sequence: sequence, at: time(ofSlot: sequence), templateID: template(forSlot: sequence))
    }

    /// The first slot from `nextSequence` on that falls at or after `now`: the rotation's next run.
    ///
    /// Slots before `now` that have no outcome were missed (the rotation was paused, or nothing was
    /// running); they are not posted late, so the next run skips them.
    public func nextSlot(from nextSequence: Int, now: Timestamp) -> Slot {
        let first = max(0, nextSequence)
        let elapsed = now.date.timeIntervalSince(startsAt.date) / step
        // The division lands within one slot of the answer; the two loops settle floating-point error.
        var sequence = max(first, elapsed <= 0 ? 0 : Int(min(elapsed.rounded(.up), Double(Int32.max))))
        while time(ofSlot: sequence) < now { sequence += 1 }
        while sequence > first, time(ofSlot: sequence - 1) >= now { sequence -= 1 }
        return slot(sequence)
    }
}
