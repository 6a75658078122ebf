import Broadcasting
import Foundation
import Logging

extension Dispatcher {
    /// Records a transition the dispatcher decided on (a pause for a refused token, a failure for
    /// refused content) off the sending path, until it is recorded: a failure to append is logged
    /// once with the error and retried with backoff (0.5 s doubling to 30 s), and the recovery is
    /// logged too. A refusal by the domain (the broadcast was paused, canceled or finished
    /// meanwhile) ends it: there is nothing left to record.
    func record(_ what: String, broadcast: UUID?, _ transition: @escaping @Sendable () async throws -> Void) {
        let logger = logger
        let metadata: Logger.Metadata = [
            "broadcast": "\(broadcast.map(\.uuidString) ?? "every sending broadcast")", "transition": "\(what)",
        ]
        Task {
            var delay = Duration.milliseconds(500)
            var failures = 0
            while true {
                do {
                    try await transition()
                    if failures > 0 {
                        logger.notice(
                            "broadcast transition recorded after failures",
                            metadata: metadata.merging(["failures": "\(failures)"]) { $1 })
                    }
                    return
                } catch let rejection as DecisionRejection {
                    logger.info(
                        "broadcast transition no longer applies",
                        metadata: metadata.merging(["reason": "\(rejection)"]) { $1 })
                    return
                } catch {
                    failures += 1
                    if failures == 1 {
                        logger.error(
                            "cannot record broadcast transition; retrying",
                            metadata: metadata.merging(["error": "\(error)"]) { $1 })
                    }
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(30))
                }
            }
        }
    }
}
