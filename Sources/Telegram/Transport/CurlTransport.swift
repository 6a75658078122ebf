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

    /// Sends one request; throws `TransportError` when no HTTP answer arrived.
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        let id = loop.nextID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
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

/// A request travelling through curl: its response buffer and the task waiting for it.
final class Transfer: @unchecked Sendable {
    // Only the curl thread touches `body` and `headerList` after submission.
    let id: Int
    let request: TransportRequest
    let continuation: CheckedContinuation<TransportResponse, any Error>
    var body = Data()
    var headerList: UnsafeMutablePointer<curl_slist>?

    init(id: Int, request: TransportRequest, continuation: CheckedContinuation<TransportResponse, any Error>) {
        self.id = id
        self.request = request
        self.continuation = continuation
    }
}
