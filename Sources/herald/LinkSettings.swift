import Engine
import EventStore
import Foundation
import Logging
import Server

/// `herald run`'s tracked links, from the environment: `HERALD_PUBLIC_URL` (where links point),
/// `HERALD_LINK_KEY` (else a key kept in the database) and `HERALD_TRUSTED_PROXIES` (whose
/// forwarding headers the redirect believes). A bad value stops startup with a one-line reason.
struct LinkSettings {
    let keys: LinkKeySource
    /// Where the sender points URL buttons; nil without `HERALD_PUBLIC_URL` (sent as they are).
    let tracked: TrackedLinks?
    let trusted: TrustedProxies
    /// The log, for the kept key, the redirect's reads and its clicks.
    let store: EventStore

    init(database: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        store = EventStore(configuration: database, maximumConnections: 4, applicationName: "herald-links")
        if let secret = environment["HERALD_LINK_KEY"], !secret.isEmpty {
            guard let key = LinkKey(secret: secret) else {
                throw CLIError("HERALD_LINK_KEY is shorter than \(LinkKey.minimumBytes) bytes; use a long random value")
            }
            keys = LinkKeySource(key)
        } else {
            keys = LinkKeySource(keptIn: store)
        }
        if let url = environment["HERALD_PUBLIC_URL"], !url.isEmpty {
            do {
                tracked = try TrackedLinks(publicURL: url, keys: keys)
            } catch {
                throw CLIError(error.description)
            }
        } else {
            tracked = nil
        }
        do {
            trusted = try TrustedProxies(parsing: environment["HERALD_TRUSTED_PROXIES"] ?? "")
        } catch {
            throw CLIError(error.description)
        }
    }

    /// The `/c/<token>` redirect, served whether or not this process sends: any process on the
    /// database can answer a link another one sent.
    func routes(logger: Logger) -> LinkRoutes {
        LinkRoutes(redirect: LinkRedirect(keys: keys, store: store, trusted: trusted, logger: logger))
    }
}
