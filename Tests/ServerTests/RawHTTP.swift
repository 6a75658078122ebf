import HeraldTestSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One HTTP/1.1 GET over a plain socket to 127.0.0.1, read to the end: the status and headers as
/// sent, with no redirect followed (URLSession would follow a 302 to the target).
struct RawResponse: Sendable {
    let status: Int
    let headers: [String: String]
}

func rawGet(_ port: Int, _ path: String, method: String = "GET", headers: [String: String] = [:]) async throws
    -> RawResponse
{
    let request =
        "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        + headers.map { "\($0.key): \($0.value)\r\n" }.joined() + "\r\n"
    let reply: Result<String, RunError> = await blocking {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failure(RunError(description: "socket: \(errno)")) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return .failure(RunError(description: "connect: \(errno)")) }
        let bytes = Array(request.utf8)
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { return .failure(RunError(description: "send")) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: buffer[..<count])
        }
        return .success(String(decoding: received, as: UTF8.self))
    }
    let text = try reply.get()
    let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
    var lines = head.components(separatedBy: "\r\n")
    let statusLine = lines.isEmpty ? "" : lines.removeFirst()
    let parts = statusLine.split(separator: " ")
    guard parts.count >= 2, let status = Int(parts[1]) else { throw RunError(description: "no answer: \(text)") }
    var fields: [String: String] = [:]
    for line in lines {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return RawResponse(status: status, headers: fields)
}
