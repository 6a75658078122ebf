import Foundation

/// Where `herald run` serves its operating endpoints: `host:port`, or nowhere.
///
/// Parsed from `--listen` or `HERALD_LISTEN`; `off` or an empty value turns the server off, so a
/// process on a shared host can opt out without a port to pick.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    /// 0 asks the kernel for a free port (tests); the bound one is logged at startup.
    public var port: Int

    public static let `default` = ListenAddress(host: "127.0.0.1", port: 8080)

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// nil for `off` or an empty value; throws a one-line reason for anything else unreadable.
    public static func parse(_ text: String) throws(ListenAddressError) -> ListenAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.lowercased() == "off" { return nil }
        // The last colon splits, so `[::1]:8080` and `::1:8080` style hosts keep theirs.
        guard let colon = trimmed.lastIndex(of: ":") else { throw ListenAddressError(text: text) }
        var host = String(trimmed[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(trimmed[trimmed.index(after: colon)...]), (0...65535).contains(port)
        else { throw ListenAddressError(text: text) }
        return ListenAddress(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// An unreadable `--listen` / `HERALD_LISTEN` value.
public struct ListenAddressError: Error, CustomStringConvertible {
    let text: String
    public var description: String {
        "HERALD_LISTEN / --listen '\(text)' is not host:port (e.g. 127.0.0.1:8080) or off"
    }
}
