import Foundation
import HeraldTestSupport
import Testing

/// Runs the built `herald` against `db`.
func herald(_ db: TestDatabase, _ arguments: String...) async throws -> HeraldProcess.Outcome {
    try await HeraldProcess.run(arguments, environment: ["HERALD_DATABASE_URL": db.url])
}

/// Writes `text` to a fresh temporary file and returns its path.
func temporaryFile(_ text: String, suffix: String = "csv") throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("herald-\(UUID()).\(suffix)").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// One JSON object printed by `--json`.
func jsonObject(_ text: some StringProtocol) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}
