import EventStore
import Foundation
import Postgres

/// Tells an update that can never be recorded from one that failed for now.
///
/// Telegram delivers an update again after any non-2xx answer, for as long as it is refused: an
/// update whose own content fails it (a value PostgreSQL cannot store, an event the log refuses)
/// answered 503 would come back forever and hold back every update behind it in long polling. Such
/// an update is answered 2xx and logged instead. Anything not known to be the update's own fault
/// (the database unreachable, a conflict, an error of a kind not listed here) stays retryable, so
/// an outage loses nothing.
enum UnrecordableUpdate {
    static func isPermanent(_ error: any Error) -> Bool {
        switch error {
        case let error as PostgresError:
            // The statement or its values, not the server's state: data exceptions (22), integrity
            // (23), syntax or access (42), and what Herald refused before sending.
            guard !error.isTransient else { return false }
            if error.code == .unstorableText || error.code == .tooManyParameters || error.code == .decoding {
                return true
            }
            return ["22", "23", "42"].contains(error.sqlState.map { String($0.prefix(2)) } ?? "")
        case let error as EventStoreError:
            return !error.isTransient && !error.isConcurrencyConflict
        case is DecodingError, is EncodingError:
            return true
        default:
            return false
        }
    }
}
