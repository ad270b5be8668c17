import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LoketChannels
import LoketCore
import NIOCore
import Testing

/// A PNG header of the given size: enough for the size check, which reads no further.
func pngHeader(width: UInt32, height: UInt32) -> Data {
    var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
    for value in [width, height] { data.append(contentsOf: withUnsafeBytes(of: value.bigEndian, Array.init)) }
    return data + Data(repeating: 0, count: 64)
}

@Suite struct WhatsAppMediaTests {
    @Test(arguments: [
        (UInt32(1280), UInt32(960), "image/jpeg", nil as LoketCore.Attachment.Problem?),
        (120, 90, "image/png", .tooSmall),
        (1280, 960, "application/zip", .unsupportedType),
    ])
    func checksTypeAndSize(width: UInt32, height: UInt32, type: String, problem: LoketCore.Attachment.Problem?) {
        #expect(MediaCheck.problem(with: pngHeader(width: width, height: height), mimeType: type) == problem)
    }

    @Test func readsAJPEGSize() {
        // SOI, an APP0 segment of 16 bytes, then SOF0 with height 600 and width 800.
        var jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + Data(repeating: 0, count: 14)
        jpeg += Data([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x02, 0x58, 0x03, 0x20, 0x03]) + Data(repeating: 0, count: 20)
        #expect(ImageSize.of(jpeg)?.width == 800)
        #expect(ImageSize.of(jpeg)?.height == 600)
    }

    @Test func downloadsThroughTheGraphAPIWithTheBearerToken() async throws {
        let photo = pngHeader(width: 1280, height: 960)
        let router = Router()
        router.get("/v21.0/:media") { request, context -> Response in
            guard request.headers[.authorization] == "Bearer token-1" else { return Response(status: .unauthorized) }
            let port = request.head.authority?.split(separator: ":").last ?? "0"
            let media = context.parameters.get("media") ?? ""
            let json = #"{"url":"http://127.0.0.1:\#(port)/files/\#(media)","mime_type":"image/png","file_size":\#(photo.count),"id":"\#(media)"}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        router.get("/files/:media") { request, _ -> Response in
            guard request.headers[.authorization] == "Bearer token-1" else { return Response(status: .unauthorized) }
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: photo)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let fetcher = WhatsAppMediaFetcher(client: CurlHTTPClient(), apiBase: "http://127.0.0.1:\(port)/v21.0", accessToken: "token-1")
            let media = try await fetcher.fetch(mediaID: "1234567890987654321")
            #expect(media.bytes == photo)
            #expect(media.mimeType == "image/png")
            #expect(media.problem == nil)
            let refused = WhatsAppMediaFetcher(client: CurlHTTPClient(), apiBase: "http://127.0.0.1:\(port)/v21.0", accessToken: "wrong")
            await #expect(throws: TransportError.self) { try await refused.fetch(mediaID: "1") }
        }
    }
}
