import Foundation
import Synchronization
internal import CCurl

/// Herald's HTTP client: libcurl's multi interface, driven by one dedicated thread.
///
/// Many requests are in flight at once over a bounded, reused set of connections (keep-alive,
/// HTTP/2 multiplexing over TLS where the server offers it). The async surface hands each request
/// to the thread and suspends until curl finishes it, so no cooperative thread ever blocks.
public final class CurlTransport: Sendable {
    private let loop: CurlLoop

    public init(configuration: TransportConfiguration = TransportConfiguration()) throws {
        loop = try CurlLoop(configuration: configuration)
        let thread = Thread { [loop] in loop.run() }
        thread.name = "herald-curl"
        thread.start()
    }

    deinit {
        loop.stop()
    }

    /// Sends one request; throws `TransportError` when no complete HTTP answer arrived.
    ///
    /// Cancellation also ends in a `TransportError` (reason "canceled"), not a `CancellationError`,
    /// because a request canceled after its body went out may still have been delivered, and the
    /// caller needs `mayHaveBeenDelivered` to know.
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        let id = loop.nextID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard !Task.isCancelled else {
                    continuation.resume(throwing: TransportError(reason: "canceled"))
                    return
                }
                loop.submit(Transfer(id: id, request: request, continuation: continuation))
            }
        } onCancel: {
            loop.cancel(id)
        }
    }

    /// Connections curl has opened so far; with keep-alive this stays near `maxConnections`.
    public var connectionsOpened: Int { loop.connectionsOpened.load(ordering: .relaxed) }

    /// Fails whatever is in flight and stops the thread. Also done on deinit.
    public func shutdown() {
        loop.stop()
    }
}
