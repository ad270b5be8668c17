import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LoketChannels
import LoketCore
import LoketDesk
import LoketServer
import LoketSQLite
import LoketStore
import Logging
import NIOCore
import Testing

/// Photos reach the vault from both WhatsApp platforms, once per message, through fake platform servers.
@Suite struct MediaIntakeTests {
    /// Counts the files a fake platform handed out.
    actor Downloads {
        private(set) var count = 0
        func add() { self.count += 1 }
    }

    /// A fake platform: the Graph API's media lookup and download (bearer token), and Twilio's media URL
    /// (Basic auth), which answers with a redirect to the file as Twilio does.
    static func platform(photo: Data, downloads: Downloads) -> some ApplicationProtocol {
        let router = Router()
        router.get("/v21.0/:media") { request, context -> Response in
            guard request.headers[.authorization] == "Bearer graph-token" else { return Response(status: .unauthorized) }
            let port = request.head.authority?.split(separator: ":").last ?? "0"
            let media = context.parameters.get("media") ?? ""
            let json = #"{"url":"http://127.0.0.1:\#(port)/files/\#(media)","mime_type":"image/png","file_size":\#(photo.count),"id":"\#(media)"}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        router.get("/files/:media") { request, _ -> Response in
            guard request.headers[.authorization] == "Bearer graph-token" else { return Response(status: .unauthorized) }
            await downloads.add()
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: photo)))
        }
        let credentials = "Basic " + Data("AC123:twilio-token".utf8).base64EncodedString()
        router.get("/2010-04-01/Accounts/AC123/Messages/:message/Media/:media") { request, context -> Response in
            guard request.headers[.authorization] == credentials else { return Response(status: .unauthorized) }
            let port = request.head.authority?.split(separator: ":").last ?? "0"
            return Response(status: .temporaryRedirect, headers: [.location: "http://127.0.0.1:\(port)/cdn/\(context.parameters.get("media") ?? "")"])
        }
        router.get("/cdn/:media") { _, _ -> Response in
            await downloads.add()
            return Response(status: .ok, headers: [.contentType: "image/jpeg"], body: .init(byteBuffer: ByteBuffer(bytes: photo)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// Runs `body` against Loket whose media sources point at the fake platform on `port`.
    func withLoket(platformPort port: Int, _ body: @Sendable (any TestClientProtocol, URL) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-media-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("loket.sqlite").path)
        let desk = Desk(store: store, environment: ServerTests.environment)
        let vaultFolder = folder.appendingPathComponent("vault")
        let vault = try DocumentVault(folder: vaultFolder, key: SymmetricKey(size: .bits256))
        var configuration = ServerTests.configuration
        configuration.mediaSources = [
            WhatsAppMediaFetcher(client: CurlHTTPClient(), apiBase: "http://127.0.0.1:\(port)/v21.0", accessToken: "graph-token"),
            TwilioMediaFetcher(client: CurlHTTPClient(), apiBase: "http://127.0.0.1:\(port)", accountSID: "AC123", authToken: "twilio-token"),
        ]
        let app = try LoketApplication.build(desk: desk, configuration: configuration, vault: vault, logger: Logger(label: "test"))
        try await app.test(.router) { client in try await body(client, vaultFolder) }
    }

    @Test func aRedeliveredWhatsAppPhotoIsDownloadedOnce() async throws {
        let photo = pngHeader(width: 1280, height: 960)
        let downloads = Downloads()
        try await Self.platform(photo: photo, downloads: downloads).test(.live) { platform in
            try await self.withLoket(platformPort: try #require(platform.port)) { client, vaultFolder in
                let json = #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"628118165165","phone_number_id":"1"},"contacts":[{"profile":{"name":"Siti"},"wa_id":"6285712345678"}],"messages":[{"from":"6285712345678","id":"wamid.photo1","timestamp":"1772417700","type":"image","image":{"mime_type":"image/png","sha256":"x","id":"1234567890"}}]}}]}]}"#
                let body = Data(json.utf8)
                let headers = ServerTests.signed(body, header: HTTPField.Name("X-Hub-Signature-256")!, secret: ServerTests.secret)
                for _ in 0..<2 {
                    try await client.execute(uri: "/webhooks/whatsapp", method: .post, headers: headers, body: ByteBuffer(bytes: body)) {
                        #expect($0.status == .ok)
                    }
                }
                #expect(await downloads.count == 1)
                #expect(try FileManager.default.contentsOfDirectory(atPath: vaultFolder.path).count == 1)
            }
        }
    }

    @Test func aTwilioPhotoIsDownloadedWithTheAccountsCredentialsIntoTheVault() async throws {
        let photo = pngHeader(width: 1280, height: 960)
        let downloads = Downloads()
        try await Self.platform(photo: photo, downloads: downloads).test(.live) { platform in
            let port = try #require(platform.port)
            try await self.withLoket(platformPort: port) { client, vaultFolder in
                let media = "http://127.0.0.1:\(port)/2010-04-01/Accounts/AC123/Messages/MM1/Media/ME1"
                let fields = [
                    ("MessageSid", "MM1"), ("From", "whatsapp:+6285712345678"), ("To", "whatsapp:+628118165165"), ("Body", ""),
                    ("NumMedia", "1"), ("MediaUrl0", media), ("MediaContentType0", "image/jpeg"),
                ]
                let status = try await Self.postTwilio(fields, client: client)
                #expect(status == .ok)
                #expect(await downloads.count == 1)
                let stored = try FileManager.default.contentsOfDirectory(atPath: vaultFolder.path)
                #expect(stored.count == 1)
                // Encrypted at rest: the file on disk is not the photo.
                let onDisk = try Data(contentsOf: vaultFolder.appendingPathComponent(try #require(stored.first)))
                #expect(onDisk != photo)
            }
        }
    }

    @Test func aMediaURLOutsideTheAccountIsNeverFetched() async throws {
        let photo = pngHeader(width: 1280, height: 960)
        let downloads = Downloads()
        try await Self.platform(photo: photo, downloads: downloads).test(.live) { platform in
            let port = try #require(platform.port)
            try await self.withLoket(platformPort: port) { client, vaultFolder in
                let fields = [
                    ("MessageSid", "MM2"), ("From", "whatsapp:+6285712345678"), ("To", "whatsapp:+628118165165"), ("Body", ""),
                    ("NumMedia", "1"), ("MediaUrl0", "http://127.0.0.1:\(port)/cdn/elsewhere"), ("MediaContentType0", "image/jpeg"),
                ]
                let status = try await Self.postTwilio(fields, client: client)
                #expect(status == .ok)
                #expect(await downloads.count == 0)
                #expect((try? FileManager.default.contentsOfDirectory(atPath: vaultFolder.path))?.isEmpty ?? true)
            }
        }
    }

    static func postTwilio(_ fields: [(String, String)], client: any TestClientProtocol) async throws -> HTTPResponse.Status {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = Data(fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&").utf8)
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers[HTTPField.Name("X-Twilio-Signature")!] = TwilioSignature.sign(
            url: "https://gateway.example.org/webhooks/twilio", parameters: fields, authToken: "twilio-token")
        return try await client.execute(uri: "/webhooks/twilio", method: .post, headers: headers, body: ByteBuffer(bytes: body)) { $0.status }
    }
}
