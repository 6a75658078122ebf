import EventStore

/// Every projector Herald runs, in the order `herald run` and `herald replay` take them.
public enum Projections {
    public static let all: [any Projector] = [
        EventCounts(),
        Audience(),
        Templates(),
        Rotations(),
        Broadcasts(),
        Stats(),
        Timeline(),
    ]

    /// The projector called `name`, or an error that lists the known ones.
    public static func named(_ name: String) throws -> any Projector {
        guard let projector = all.first(where: { $0.name == name }) else {
            throw ProjectionError.unknown(name, known: all.map(\.name))
        }
        return projector
    }
}
