import ArgumentParser
import Foundation
import Hummingbird
import NIOCore
import Server

/// `herald bench-echo`: the do-nothing Hummingbird handler `scripts/bench-clicks` measures the
/// webhook beside, on the same machine in the same run.
///
/// It answers every POST to `/telegram` with 200 `{}` after reading the body (up to the webhook's
/// 1 MiB), and nothing else: no secret check, no decoding, no database. So the difference between
/// its rate and the webhook's is what Herald does with a press, not what Hummingbird and the
/// loopback cost.
struct BenchEchoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-echo",
        abstract: "Serve an empty POST /telegram handler for scripts/bench-clicks.",
        shouldDisplay: false
    )

    @Option(help: ArgumentHelp("host:port to listen on; port 0 picks a free one.", valueName: "host:port"))
    var listen = "127.0.0.1:0"

    func run() async throws {
        let address: ListenAddress
        do {
            guard let parsed = try ListenAddress.parse(listen) else { throw CLIError("--listen must not be off") }
            address = parsed
        } catch let error as ListenAddressError {
            throw CLIError(error.description)
        }
        let router = Router()
        router.post("/telegram") { request, _ -> Response in
            var request = request
            _ = try await request.collectBody(upTo: WebhookRoutes.maximumBody)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "{}")))
        }
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(address.host, port: address.port), serverName: "herald-bench-echo"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                // Unbuffered, so a script reading the first line sees it at once.
                FileHandle.standardOutput.write(
                    Data("herald bench-echo listening on http://\(address.host):\(port)/telegram\n".utf8))
            })
        try await app.runService()
    }
}
