import Foundation
import PropertyBased
import Testing

@testable import Broadcasting

@Suite(.timeLimit(.minutes(5))) struct CallbackPayloadTests {
    let broadcast = UUID(uuid: (0xFF, 0xFE, 0xFD, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0xFB))

    @Test func encodesShortIDAndButton() throws {
        let payload = try CallbackPayload(broadcastID: broadcast, button: "buy")
        #expect(payload.encoded == "c:__79AQIDBAUGBwgJCgsM-w:buy")
        #expect(try CallbackPayload(decoding: payload.encoded) == payload)
    }

    @Test func anyBroadcastAndShortButtonRoundTrips() async {
        let button = Gen<Character?>.element(of: Array("ab:9_é日🙂")).map { $0 ?? "a" }.string(of: 1...8)
        let uuidBytes = Gen<UInt8>.value(in: 0...255).array(of: 16)
        await propertyCheck(input: uuidBytes, button) { bytes, name in
            var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &uuid) { $0.copyBytes(from: bytes) }
            let id = UUID(uuid: uuid)
            let payload = try CallbackPayload(broadcastID: id, button: name)
            #expect(try CallbackPayload(decoding: payload.encoded) == payload)
            #expect(payload.encoded.utf8.count <= 64)
        }
    }

    /// The hand-written base64url agrees with Foundation's, both ways, for any id.
    @Test func shortIDsAreFoundationsBase64URL() async {
        await propertyCheck(input: Gen<UInt8>.value(in: 0...255).array(of: 16)) { bytes in
            var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &uuid) { $0.copyBytes(from: bytes) }
            let id = UUID(uuid: uuid)
            let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(CallbackPayload.shortID(id) == expected)
            #expect(CallbackPayload.uuid(shortID: Substring(expected)) == id)
        }
        #expect(CallbackPayload.uuid(shortID: "__79AQIDBAUGBwgJCgsM+w") == nil, "+ is not base64url")
        #expect(CallbackPayload.uuid(shortID: "__79AQIDBAUGBwgJCgsM-") == nil)
        #expect(CallbackPayload.uuid(shortID: "__79AQIDBAUGBwgJCgsMé") == nil)
    }

    @Test func anOverlongPayloadIsRejectedWhenRead() {
        let payload = "c:__79AQIDBAUGBwgJCgsM-w:" + String(repeating: "x", count: 40)
        #expect(throws: CTARejection.payloadTooLong(bytes: 65)) { try CallbackPayload(decoding: payload) }
    }

    @Test func buttonOf39BytesFitsAnd40IsRejected() throws {
        #expect(
            try CallbackPayload(broadcastID: broadcast, button: String(repeating: "x", count: 39)).encoded.utf8.count
                == 64)
        #expect(throws: CTARejection.payloadTooLong(bytes: 65)) {
            try CallbackPayload(broadcastID: broadcast, button: String(repeating: "x", count: 40))
        }
    }

    @Test func multiByteNamesAreMeasuredInBytes() throws {
        // 19 two-byte letters = 38 bytes fit; one more ASCII byte makes 39, still fits; 20 letters = 40 do not.
        let cyrillic = String(repeating: "ж", count: 19)
        #expect(try CallbackPayload(broadcastID: broadcast, button: cyrillic + "!").encoded.utf8.count == 64)
        #expect(throws: CTARejection.payloadTooLong(bytes: 65)) {
            try CallbackPayload(broadcastID: broadcast, button: String(repeating: "ж", count: 20))
        }
        // 9 four-byte emoji = 36 bytes; a tenth is 40 bytes although only 10 characters.
        #expect(throws: CTARejection.payloadTooLong(bytes: 65)) {
            try CallbackPayload(broadcastID: broadcast, button: String(repeating: "🙂", count: 10))
        }
        #expect(try CallbackPayload(broadcastID: broadcast, button: String(repeating: "🙂", count: 9)).button.count == 9)
    }

    @Test func malformedPayloadsAreRejected() {
        for bad in ["", "c:", "x:__79AQIDBAUGBwgJCgsM-w:buy", "c:short:buy", "c:__79AQIDBAUGBwgJCgsM-w"] {
            #expect(throws: CTARejection.malformedPayload(bad)) { try CallbackPayload(decoding: bad) }
        }
        #expect(throws: CTARejection.emptyButton) { try CallbackPayload(decoding: "c:__79AQIDBAUGBwgJCgsM-w:") }
    }

    @Test func buttonNamesMayContainColons() throws {
        let payload = try CallbackPayload(broadcastID: broadcast, button: "a:b")
        #expect(try CallbackPayload(decoding: payload.encoded).button == "a:b")
    }
}
