import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A bare HTTP/1.1 server on 127.0.0.1 that reads each request whole, then either answers it
/// (`{"ok":true,"result":true}`, keep-alive) or, for the `silentAt`-th request, closes the
/// connection without sending a byte: a server that acted on a request and died before answering.
///
/// Plain sockets, because Hummingbird always writes a response head before a handler can fail.
final class SilentServer: Sendable {
    let port: Int
    private let listener: Int32
    private let seen = Atomic<Int>(0)

    /// Requests read in full so far.
    var requests: Int { seen.load(ordering: .relaxed) }

    private let silentAt: Int

    init(silentAt: Int) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(listener, raw, length) == 0 && listen(listener, 16) == 0
                    && getsockname(listener, raw, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
        self.listener = listener
        self.silentAt = silentAt
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                Thread { self.serve(connection) }.start()
            }
        }.start()
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            while let length = Self.requestLength(pending), pending.count >= length {
                pending.removeFirst(length)
                if seen.wrappingAdd(1, ordering: .relaxed).newValue == silentAt { return }
                let body = #"{"ok":true,"result":true}"#
                let answer = "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                _ = answer.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            }
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return }
            pending += chunk[0..<count]
        }
    }

    /// Head plus `Content-Length` bytes, once the head has arrived.
    private static func requestLength(_ bytes: [UInt8]) -> Int? {
        let separator = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
        let declared = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
        let length = declared.flatMap {
            Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        }
        return end + separator.count + (length ?? 0)
    }
}
