/// A bind parameter of a compiled cohort, in the order of its `$n` placeholder.
public enum CohortValue: Sendable, Hashable {
    case text(String)
    case texts([String])
    case number(Double)
    case integer(Int)
}
