import Foundation
internal import CCurl

extension CurlLoop {
    /// Configures an easy handle for the transfer and adds it to the multi handle. Curl thread only.
    func start(_ transfer: Transfer) {
        guard let easy = idleHandles.popLast() ?? curl_easy_init() else {
            transfer.continuation.resume(throwing: TransportError(reason: "curl_easy_init failed"))
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
        let userdata = Unmanaged.passUnretained(transfer).toOpaque()
        _ = herald_easy_setopt_long(easy, CURLOPT_POST, 1)
        _ = herald_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
        // The body comes from a read callback, not CURLOPT_POSTFIELDS, so that curl must ask before
        // sending it twice (`rewindBody`).
        _ = herald_easy_setopt_read_function(easy, readBody)
        _ = herald_easy_setopt_pointer(easy, CURLOPT_READDATA, userdata)
        _ = herald_easy_setopt_seek_function(easy, rewindBody)
        _ = herald_easy_setopt_pointer(easy, CURLOPT_SEEKDATA, userdata)
        // "Expect:" stops curl waiting for a 100-continue on larger bodies.
        var list: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Expect:")
        for header in request.headers { list = curl_slist_append(list, header) }
        transfer.headerList = list
        _ = herald_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list)
        _ = herald_easy_setopt_write_function(easy, writeBody)
        _ = herald_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, userdata)
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
        if result == CURLE_OK {
            release(easy)
            transfer.continuation.resume(returning: TransportResponse(status: status, body: transfer.body))
        } else {
            let error = TransportError(
                reason: String(cString: curl_easy_strerror(result)),
                isTimeout: result == CURLE_OPERATION_TIMEDOUT,
                mayHaveBeenDelivered: bodyWasSent(easy, transfer))
            release(easy)
            transfer.continuation.resume(throwing: error)
        }
    }

    /// Whether curl wrote the whole request body, so the server may have acted on it. Curl thread only.
    ///
    /// Read from the handle, not from the error code: a timeout or a reset means "maybe delivered"
    /// after the upload and "never sent" before it. A server cannot act on a part of a body whose
    /// length it was told, so only a complete upload counts. An empty body counts once the request
    /// line and headers went out (`CURLINFO_REQUEST_SIZE`). A refused resend counts whatever the
    /// handle says now: curl resets its counters for the attempt it was about to make.
    func bodyWasSent(_ easy: UnsafeMutableRawPointer, _ transfer: Transfer) -> Bool {
        if transfer.rewindRefused { return true }
        var uploaded: curl_off_t = 0
        var requestSize = 0
        _ = herald_easy_getinfo_off_t(easy, CURLINFO_SIZE_UPLOAD_T, &uploaded)
        _ = herald_easy_getinfo_long(easy, CURLINFO_REQUEST_SIZE, &requestSize)
        let body = transfer.request.body.count
        return body > 0 ? Int(uploaded) >= body : requestSize > 0
    }
}
