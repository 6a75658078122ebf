import Foundation
internal import CCurl

/// A request travelling through curl: its body's progress, its response buffer and the task waiting for it.
final class Transfer: @unchecked Sendable {
    // Only the curl thread touches the variables after submission.
    let id: Int
    let request: TransportRequest
    let continuation: CheckedContinuation<TransportResponse, any Error>
    var body = Data()
    var headerList: UnsafeMutablePointer<curl_slist>?
    /// Request body bytes handed to curl so far.
    var uploadOffset = 0
    /// Curl wanted to send the body again after some of it had gone out; refused (see `rewindBody`).
    var rewindRefused = false

    init(id: Int, request: TransportRequest, continuation: CheckedContinuation<TransportResponse, any Error>) {
        self.id = id
        self.request = request
        self.continuation = continuation
    }
}

/// Appends response bytes to the `Transfer` whose address curl hands back as `userdata`.
let writeBody: herald_curl_write_callback = { pointer, size, count, userdata in
    let length = size * count
    guard let pointer, let userdata else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    transfer.body.append(UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: length)
    return length
}

/// Hands curl the next part of the request body.
let readBody: herald_curl_write_callback = { pointer, size, count, userdata in
    guard let pointer, let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let body = transfer.request.body
    let length = min(size * count, body.count - transfer.uploadOffset)
    guard length > 0 else { return 0 }
    let start = body.startIndex + transfer.uploadOffset
    body.copyBytes(
        to: UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: UInt8.self), from: start..<start + length)
    transfer.uploadOffset += length
    return length
}

/// Lets curl rewind a body it has not started reading, and refuses once any of it went out.
///
/// When a reused keep-alive connection dies before the first byte of the answer, curl takes it for
/// a connection the server had closed while idle and sends the request again on a fresh one. The
/// server may well have acted on the first copy, and the Bot API has no idempotency key, so that
/// silent resend can deliver a message twice while the caller sees one success. Refused, curl fails
/// the transfer instead (`CURLE_SEND_FAIL_REWIND`) and the caller learns it may have been delivered.
let rewindBody: herald_curl_seek_callback = { userdata, offset, _ in
    guard let userdata else { return CURL_SEEKFUNC_CANTSEEK }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    guard offset == 0, transfer.uploadOffset == 0 else {
        transfer.rewindRefused = true
        return CURL_SEEKFUNC_CANTSEEK
    }
    return CURL_SEEKFUNC_OK
}
