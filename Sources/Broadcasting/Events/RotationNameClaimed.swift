import Foundation

/// A rotation took its name: the first event of the stream `rotation-name-<name>`, appended with
/// expected version no-stream together with `rotation.created`, so the log itself keeps names unique
/// and operators can name a rotation instead of quoting its id.
public struct RotationNameClaimed: DomainEvent {
    public static let type = "rotation.name-claimed"
    public static let schemaVersion = 1
    public var rotationID: UUID
    public var name: String
    public var stream: String { StreamName.rotationName(name) }

    public init(rotationID: UUID, name: String) {
        self.rotationID = rotationID
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case rotationID = "rotation_id", name
    }
}
