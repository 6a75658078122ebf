import Foundation
internal import CCurl

/// Appends response bytes to the `Transfer` whose address curl hands back as `userdata`.
private let writeBody: herald_curl_write_callback = { pointer, size, count, userdata in
    let length = size * count
    guard let pointer, let userdata else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    transfer.body.append(UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: length)
    return length
}

extension CurlLoop {
    /// Configures an easy handle for the transfer and adds it to the multi handle. Curl thread only.
    func start(_ transfer: Transfer) {
        guard let easy = idleHandles.popLast() ?? curl_easy_init() else {
            transfer.continuation.resume(throwing: TransportError(reason: "curl_easy_init failed", isTimeout: false))
            return
        }
        let request = transfer.request
        _ = herald_easy_setopt_string(easy, CURLOPT_URL, request.url)
        _ = herald_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = herald_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
        _ = herald_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
        _ = herald_easy_setopt_long(easy, CURLOPT_PIPEWAIT, 1)
        _ = herald_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds)
        _ = herald_easy_setopt_long(
            easy, CURLOPT_TIMEOUT_MS, (request.timeout ?? configuration.totalTimeout).milliseconds)
        _ = herald_easy_setopt_long(easy, CURLOPT_POST, 1)
        _ = herald_easy_setopt_long(easy, CURLOPT_POSTFIELDSIZE, request.body.count)
        request.body.withUnsafeBytes { bytes in
            _ = herald_easy_setopt_pointer(
                easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
        }
        // "Expect:" stops curl waiting for a 100-continue on larger bodies.
        var list: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Expect:")
        for header in request.headers { list = curl_slist_append(list, header) }
        transfer.headerList = list
        _ = herald_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list)
        _ = herald_easy_setopt_write_function(easy, writeBody)
        _ = herald_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, Unmanaged.passUnretained(transfer).toOpaque())
        inFlight[easy] = transfer
        curl_multi_add_handle(multi, easy)
    }

    /// Resumes the waiting task with the answer or a transport error. Curl thread only.
    func finish(_ easy: UnsafeMutableRawPointer, result: CURLcode) {
        guard let transfer = inFlight[easy] else { return }
        var status = 0
        var connects = 0
        _ = herald_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        _ = herald_easy_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &connects)
        connectionsOpened.add(connects, ordering: .relaxed)
        release(easy)
        if result == CURLE_OK {
            transfer.continuation.resume(returning: TransportResponse(status: status, body: transfer.body))
        } else {
            let reason = String(cString: curl_easy_strerror(result))
            let timedOut = result == CURLE_OPERATION_TIMEDOUT
            transfer.continuation.resume(throwing: TransportError(reason: reason, isTimeout: timedOut))
        }
    }
}
