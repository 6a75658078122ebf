import Foundation
import Synchronization
internal import CCurl

private let curlGlobalInit: CURLcode = curl_global_init(3)  // CURL_GLOBAL_ALL

/// The curl multi handle and the thread loop that drives it.
///
/// Thread confinement: `multi`, `inFlight` and `idleHandles` are touched only by the thread
/// running `run()` (and by `deinit`, after that thread has exited). Other threads talk to it
/// through `inbox` (a mutex) and `curl_multi_wakeup`, which libcurl documents as thread-safe.
final class CurlLoop: @unchecked Sendable {
    private struct Inbox {
        var submitted: [Transfer] = []
        var canceled: Set<Int> = []
        var stopping = false
        var stopped = false
    }

    let configuration: TransportConfiguration
    let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())
    private let ids = Atomic<Int>(0)
    let connectionsOpened = Atomic<Int>(0)
    var inFlight: [UnsafeMutableRawPointer: Transfer] = [:]
    var idleHandles: [UnsafeMutableRawPointer] = []

    init(configuration: TransportConfiguration) throws {
        guard curlGlobalInit == CURLE_OK, let multi = curl_multi_init() else {
            throw TransportError(reason: "libcurl failed to initialise")
        }
        self.configuration = configuration
        self.multi = multi
        let limit = max(configuration.maxConnections, 1)
        _ = herald_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, limit)
        _ = herald_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, limit)
        _ = herald_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, limit)
        _ = herald_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
    }

    deinit {
        for handle in idleHandles { curl_easy_cleanup(handle) }
        curl_multi_cleanup(multi)
    }

    func nextID() -> Int { ids.wrappingAdd(1, ordering: .relaxed).newValue }

    func submit(_ transfer: Transfer) {
        let accepted = inbox.withLock { inbox in
            guard !inbox.stopping else { return false }
            inbox.submitted.append(transfer)
            return true
        }
        if accepted {
            curl_multi_wakeup(multi)
        } else {
            transfer.continuation.resume(throwing: TransportError(reason: "transport shut down"))
        }
    }

    /// Cancels a transfer: one still waiting in the inbox fails at once as never sent; one curl
    /// has started fails on the curl thread with what it had sent by then.
    func cancel(_ id: Int) {
        let waiting: Transfer? = inbox.withLock { inbox in
            guard let index = inbox.submitted.firstIndex(where: { $0.id == id }) else { return nil }
            return inbox.submitted.remove(at: index)
        }
        if let waiting {
            waiting.continuation.resume(throwing: TransportError(reason: "canceled"))
            return
        }
        let running = inbox.withLock { inbox in
            inbox.canceled.insert(id)
            return !inbox.stopped
        }
        if running { curl_multi_wakeup(multi) }
    }

    func stop() {
        let running = inbox.withLock { inbox in
            inbox.stopping = true
            return !inbox.stopped
        }
        if running { curl_multi_wakeup(multi) }
    }

    /// The thread body: start new transfers, let curl work, finish what completed, wait for I/O.
    func run() {
        while true {
            let (submitted, canceled, stopping) = inbox.withLock { inbox in
                defer {
                    inbox.submitted = []
                    inbox.canceled = []
                }
                return (inbox.submitted, inbox.canceled, inbox.stopping)
            }
            for transfer in submitted { start(transfer) }
            if !canceled.isEmpty { cancelTransfers(canceled) }
            if stopping { break }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished()
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        shutDownTransfers()
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            finish(easy, result: herald_multi_msg_result(message))
        }
    }

    private func cancelTransfers(_ ids: Set<Int>) {
        for (easy, transfer) in inFlight where ids.contains(transfer.id) {
            let error = TransportError(reason: "canceled", mayHaveBeenDelivered: bodyWasSent(easy, transfer))
            release(easy)
            transfer.continuation.resume(throwing: error)
        }
    }

    /// Detaches a finished or canceled handle and keeps it for reuse (its connections stay pooled).
    func release(_ easy: UnsafeMutableRawPointer) {
        curl_multi_remove_handle(multi, easy)
        if let transfer = inFlight.removeValue(forKey: easy) {
            curl_slist_free_all(transfer.headerList)
            transfer.headerList = nil
        }
        curl_easy_reset(easy)
        idleHandles.append(easy)
    }

    private func shutDownTransfers() {
        let late = inbox.withLock { inbox in
            inbox.stopped = true
            defer { inbox.submitted = [] }
            return inbox.submitted
        }
        let reason = "transport shut down"
        for transfer in late { transfer.continuation.resume(throwing: TransportError(reason: reason)) }
        for (easy, transfer) in inFlight {
            let error = TransportError(reason: reason, mayHaveBeenDelivered: bodyWasSent(easy, transfer))
            release(easy)
            transfer.continuation.resume(throwing: error)
        }
    }
}
