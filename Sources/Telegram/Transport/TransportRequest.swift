public import Foundation

/// One HTTP POST for `CurlTransport`: Herald only POSTs JSON (or form data) to the Bot API.
///
/// Named apart from HTTPTypes' `HTTPRequest`, which Hummingbird exports into the same files.
public struct TransportRequest: Sendable {
    public var url: String
    public var headers: [String]
    public var body: Data
    /// Overrides the transport's total timeout, e.g. for a long-polling `getUpdates`.
    public var timeout: Duration?

    public init(url: String, headers: [String] = [], body: Data, timeout: Duration? = nil) {
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// The status and body of an answer.
public struct TransportResponse: Sendable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// A request that got no complete HTTP answer: timeout, refused or reset connection, cancellation, shutdown.
///
/// `reason` is curl's message for the error code, which never includes the URL (and so the token).
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public let isTimeout: Bool
    /// True when the whole request body had been written and no complete answer came back, so the
    /// server may have acted on it. The Bot API has no idempotency key: resending such a request can
    /// deliver a message twice. False only when the request provably never reached the server
    /// (no connection, a send that failed part way, cancellation or shutdown before it started).
    public let mayHaveBeenDelivered: Bool

    init(reason: String, isTimeout: Bool = false, mayHaveBeenDelivered: Bool = false) {
        self.reason = reason
        self.isTimeout = isTimeout
        self.mayHaveBeenDelivered = mayHaveBeenDelivered
    }

    public var description: String {
        "transport: \(reason)\(mayHaveBeenDelivered ? " (after the request was sent)" : "")"
    }
}

/// Limits of the libcurl transport.
public struct TransportConfiguration: Sendable {
    /// Time to establish a TCP (and TLS) connection.
    public var connectTimeout: Duration
    /// Time for a whole request, including time queued behind the connection limit.
    public var totalTimeout: Duration
    /// Most connections open at once, per host and in total; further requests queue inside curl.
    public var maxConnections: Int

    public init(
        connectTimeout: Duration = .seconds(5),
        totalTimeout: Duration = .seconds(30),
        maxConnections: Int = 16
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxConnections = maxConnections
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so a tiny timeout never becomes "no timeout" (0).
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
