/// How often a rotation posts, as operators type it: `90s`, `30m`, `4h`, `1d`, `2w`, or sums such
/// as `1h30m`.
public struct RotationInterval: Sendable, Hashable, CustomStringConvertible {
    public let seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    /// The shortest interval a rotation takes: posting more often than once a minute to the same
    /// chats is spam, and Telegram's group limit (20 messages a minute) leaves no room for it.
    public static let minimum = RotationInterval(seconds: 60)
    /// The longest: a yearly promo still fits, and slot times stay far from any overflow.
    public static let maximum = RotationInterval(seconds: 366 * 86_400)

    static let units: [(suffix: Character, seconds: Int)] = [
        ("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1),
    ]

    /// Reads `4h`, `1h30m`, `90s`, …: one or more whole numbers each followed by a unit (w, d, h,
    /// m, s). Nil for anything else, such as `4`, `h` or `4x`.
    public init?(parsing text: String) {
        var total = 0
        var digits = ""
        for character in text.lowercased() {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            guard let unit = Self.units.first(where: { $0.suffix == character }), let count = Int(digits) else {
                return nil
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: unit.seconds)
            let (sum, overflowed) = total.addingReportingOverflow(product)
            guard !overflow, !overflowed else { return nil }
            total = sum
            digits = ""
        }
        guard digits.isEmpty, !text.isEmpty else { return nil }
        self.seconds = total
    }

    /// The shortest spelling, in weeks only when they are whole: 14400 → `4h`, 5400 → `1h30m`,
    /// 1209600 → `2w`, 400 days → `400d`, 0 → `0s`.
    public var description: String {
        guard seconds > 0 else { return "\(seconds)s" }
        var left = seconds
        var text = ""
        for unit in Self.units where left >= unit.seconds && (unit.suffix != "w" || left % unit.seconds == 0) {
            text += "\(left / unit.seconds)\(unit.suffix)"
            left %= unit.seconds
        }
        return text
    }
}
