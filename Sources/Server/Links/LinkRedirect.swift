import Broadcasting
public import Engine
public import EventStore
import Foundation
public import Logging

/// What `GET /c/<token>` does: verify, find the button, record the click, say where to go.
///
/// Nothing is read or written before the token's signature checks out, so a tampered or made-up
/// token costs one HMAC and records nothing.
public struct LinkRedirect: Sendable {
    /// How a request ends.
    public enum Outcome: Sendable, Equatable {
        /// 302 to the button's URL.
        case redirect(String)
        /// 404: not a link Herald signed, or its broadcast or button is gone.
        case notFound
        /// 503: the key or the broadcast could not be read (the database is away); try again.
        case unavailable
    }

    let keys: LinkKeySource
    let store: EventStore
    let targets: LinkTargets
    public let trusted: TrustedProxies
    let logger: Logger

    public init(keys: LinkKeySource, store: EventStore, trusted: TrustedProxies, logger: Logger) {
        self.keys = keys
        self.store = store
        self.targets = LinkTargets(store: store)
        self.trusted = trusted
        self.logger = logger
    }

    /// Opens `token` for a client at `clientIP` with `userAgent`.
    ///
    /// A click that cannot be recorded (the log unreachable after the target was found) still
    /// redirects: the recipient is not kept from the page because Herald could not count them.
    /// `record` false (a HEAD, as link checkers send) answers the same and records nothing.
    public func open(token: String, userAgent: String?, clientIP: IPAddress?, record: Bool = true) async -> Outcome {
        let key: LinkKey
        do {
            key = try await keys.key()
        } catch {
            logger.warning("tracked link: cannot read the link-signing key", metadata: ["error": "\(error)"])
            return .unavailable
        }
        guard let claim = LinkToken.verify(token, key: key) else { return .notFound }
        let target: LinkTarget?
        do {
            target = try await targets.target(claim)
        } catch {
            logger.warning(
                "tracked link: cannot read the broadcast",
                metadata: ["broadcast": "\(claim.broadcastID)", "error": "\(error)"])
            return .unavailable
        }
        guard let target else { return .notFound }
        guard record else { return .redirect(target.url) }
        let click = CTAClicked(
            broadcastID: claim.broadcastID, userID: claim.userID, button: target.button, source: .url,
            userAgent: userAgent.flatMap { $0.isEmpty ? nil : $0 }, clientIP: clientIP?.description)
        do {
            // The recipient is the actor, as for a callback press; each open is a command of its own.
            let clicks = ClickRecorder(store: store, metadata: CommandMetadata(actor: "telegram:\(claim.userID)"))
            try await clicks.record(click)
        } catch {
            logger.warning(
                "tracked link: click not recorded",
                metadata: ["broadcast": "\(claim.broadcastID)", "user": "\(claim.userID)", "error": "\(error)"])
        }
        return .redirect(target.url)
    }
}
