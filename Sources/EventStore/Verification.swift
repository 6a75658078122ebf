/// Everything `herald audit verify` checks: the chain (positions and hashes) and that every event
/// decodes as its registered type and schema version.
public struct VerificationReport: Sendable, Equatable {
    public var chain: ChainReport
    /// The first event whose data does not decode, and why.
    public var firstUndecodable: (position: Int64, reason: String)?

    public var isIntact: Bool { chain.isIntact && firstUndecodable == nil }

    /// The first failure in position order, described in one line; nil when intact.
    public var firstFailure: String? {
        let decode = firstUndecodable.map { (position: $0.position, text: "position \($0.position): \($0.reason)") }
        let chainProblem = chain.firstProblem.map { (position: $0.position, text: $0.description) }
        return [decode, chainProblem].compactMap { $0 }.min { $0.position < $1.position }?.text
    }

    public static func == (a: VerificationReport, b: VerificationReport) -> Bool {
        a.chain == b.chain && a.firstUndecodable?.position == b.firstUndecodable?.position
            && a.firstUndecodable?.reason == b.firstUndecodable?.reason
    }
}

extension EventStore {
    /// Verifies the chain against `anchors`, then decodes every event up to the verified head
    /// against `registry`, reading in bounded batches.
    public func verify(registry: EventRegistry, anchors: [LogAnchor] = [], batchSize: Int = 5000) async throws
        -> VerificationReport
    {
        let chain = try await verifyChain(anchors: anchors)
        for try await event in readAll(batchSize: batchSize) {
            guard event.position <= chain.head else { break }
            if let reason = registry.problem(with: event) {
                return VerificationReport(chain: chain, firstUndecodable: (event.position, reason))
            }
        }
        return VerificationReport(chain: chain, firstUndecodable: nil)
    }
}
