/// What `/readyz` answers: each check with why it passed or failed, and this process's leases.
///
/// Built by `evaluate` from plain values, so the rules are tested without a database.
public struct ReadinessReport: Sendable, Codable, Equatable {
    public struct Check: Sendable, Codable, Equatable {
        public var name: String
        public var ok: Bool
        public var detail: String
    }

    /// A sender lease this process holds now (its advisory lock is granted).
    public struct Lease: Sendable, Codable, Equatable {
        public var botID: Int64
        public var epoch: Int64
        public var state: String

        enum CodingKeys: String, CodingKey {
            case botID = "bot_id", epoch, state
        }
    }

    public var ready: Bool
    public var checks: [Check]
    /// Names of the failing checks, for an orchestrator's event line without parsing `checks`.
    public var failing: [String]
    public var leases: [Lease]

    /// What the database said; nil fields mean it could not be asked.
    public struct Observation: Sendable {
        /// Why the database could not be reached, when it could not.
        public var unreachable: String?
        /// The newest applied migration; nil when the database has none (never migrated).
        public var appliedMigration: Int?
        public var projectorLag: [(name: String, lag: Int64)]
        /// Projectors that cannot fold an event, with what `herald status` says of it.
        public var failingProjectors: [(name: String, detail: String)] = []
        public var leases: [Lease]
        /// The process got SIGINT or SIGTERM and is finishing what is in flight.
        public var stopping: Bool

        public init(
            unreachable: String? = nil, appliedMigration: Int? = nil, projectorLag: [(name: String, lag: Int64)] = [],
            leases: [Lease] = [], stopping: Bool = false
        ) {
            self.unreachable = unreachable
            self.appliedMigration = appliedMigration
            self.projectorLag = projectorLag
            self.leases = leases
            self.stopping = stopping
        }
    }

    /// Ready when the database answers, its schema is the one this binary expects, no projector
    /// trails the log by more than `maxLag` events or cannot fold one, and the process is not
    /// shutting down.
    public static func evaluate(_ seen: Observation, latestMigration: Int, maxLag: Int64) -> ReadinessReport {
        var checks: [Check] = []
        if let reason = seen.unreachable {
            checks.append(Check(name: "database", ok: false, detail: reason))
            checks.append(Check(name: "migrations", ok: false, detail: "not checked: database unreachable"))
            checks.append(Check(name: "projector_lag", ok: false, detail: "not checked: database unreachable"))
        } else {
            checks.append(Check(name: "database", ok: true, detail: "reachable"))
            let applied = seen.appliedMigration ?? 0
            checks.append(
                applied == latestMigration
                    ? Check(name: "migrations", ok: true, detail: "at version \(applied)")
                    : Check(
                        name: "migrations", ok: false,
                        detail: applied < latestMigration
                            ? "at version \(applied), this binary needs \(latestMigration): run herald migrate"
                            : "at version \(applied), newer than this binary's \(latestMigration)"))
            let worst = seen.projectorLag.max { $0.lag < $1.lag }
            if applied < latestMigration {
                checks.append(Check(name: "projector_lag", ok: false, detail: "not checked: schema not current"))
            } else if let worst, worst.lag > maxLag {
                checks.append(
                    Check(
                        name: "projector_lag", ok: false,
                        detail: "\(worst.name) trails the log by \(worst.lag) events (limit \(maxLag))"))
            } else {
                checks.append(
                    Check(
                        name: "projector_lag", ok: true, detail: "at most \(worst?.lag ?? 0) events (limit \(maxLag))"))
            }
            // One check per failing projector, named after it: a read model that stopped is no
            // longer true, however small its lag.
            for (name, detail) in seen.failingProjectors {
                checks.append(Check(name: "projector:\(name)", ok: false, detail: detail))
            }
        }
        // Only while stopping, so the usual list stays the same three: an orchestrator stops
        // routing to a process that is on its way out.
        if seen.stopping { checks.append(Check(name: "stopping", ok: false, detail: "herald run is shutting down")) }
        let failing = checks.filter { !$0.ok }.map(\.name)
        return ReadinessReport(ready: failing.isEmpty, checks: checks, failing: failing, leases: seen.leases)
    }
}
