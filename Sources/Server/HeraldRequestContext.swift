public import Hummingbird
public import NIOCore

/// The request context of `herald run`'s server: Hummingbird's basic one plus the TCP peer's
/// address, which the tracked-link redirect records as the client's IP.
public struct HeraldRequestContext: RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
