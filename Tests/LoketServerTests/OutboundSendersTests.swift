import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LoketChannels
import LoketCore
import NIOCore
import Testing

/// Records what a fake platform received: the path, the headers that matter and the body.
final class RequestLog: @unchecked Sendable {
    struct Entry {
        var path: String
        var authorization: String?
        var signature: String?
        var body: Data
    }

    private let lock = NSLock()
    private var entries: [Entry] = []

    var all: [Entry] { self.lock.withLock { self.entries } }

    func append(_ entry: Entry) {
        self.lock.withLock { self.entries.append(entry) }
    }
}

@Suite struct OutboundSendersTests {
    /// A fake Twilio Messages API and a fake generic gateway on loopback, answering `status` to everything.
    func withPlatform(status: HTTPResponse.Status, _ body: @Sendable (Int, RequestLog) async throws -> Void) async throws {
        let log = RequestLog()
        let router = Router()
        for path in ["/2010-04-01/Accounts/:sid/Messages.json", "/gateway"] {
            router.post(RouterPath(path)) { request, _ -> Response in
                let bytes = try await request.body.collect(upTo: 1 << 20)
                log.append(.init(
                    path: request.uri.path, authorization: request.headers[.authorization],
                    signature: request.headers[HTTPField.Name("X-Loket-Signature")!], body: Data(bytes.readableBytesView)))
                return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"sid":"SM1"}"#)))
            }
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            try await body(try #require(client.port), log)
        }
    }

    @Test func twilioGetsAFormWithBasicAuthAndNumberedOptions() async throws {
        try await self.withPlatform(status: .created) { port, log in
            let sender = TwilioSender(
                client: CurlHTTPClient(), apiBase: "http://127.0.0.1:\(port)", accountSID: "AC123", authToken: "secret", from: "+628118165165")
            let reply = Reply(text: "Lanjutkan?", buttons: [.init(id: "yes", title: "Ya"), .init(id: "no", title: "Nanti")])
            #expect(await sender.send(reply, to: "+6285712345678") == .success("SM1"))
            let request = try #require(log.all.first)
            #expect(request.path == "/2010-04-01/Accounts/AC123/Messages.json")
            #expect(request.authorization == "Basic " + Data("AC123:secret".utf8).base64EncodedString())
            let form = Dictionary(try URLEncodedForm.fields(request.body), uniquingKeysWith: { first, _ in first })
            #expect(form["To"] == "whatsapp:+6285712345678")
            #expect(form["From"] == "whatsapp:+628118165165")
            #expect(form["Body"] == "Lanjutkan?\n\n1. Ya\n2. Nanti")
        }
    }

    @Test func twilioRefusalsArePermanentAndServerErrorsAreRetried() async throws {
        try await self.withPlatform(status: .badRequest) { port, _ in
            let sender = TwilioSender(client: CurlHTTPClient(), apiBase: "http://127.0.0.1:\(port)", accountSID: "AC1", authToken: "t", from: "+62811")
            guard case .failure(let failure) = await sender.send(Reply(text: "a"), to: "+6285712345678") else {
                Issue.record("a refusal was taken as accepted")
                return
            }
            #expect(failure.permanent)
        }
        try await self.withPlatform(status: .serviceUnavailable) { port, _ in
            let sender = TwilioSender(client: CurlHTTPClient(), apiBase: "http://127.0.0.1:\(port)", accountSID: "AC1", authToken: "t", from: "+62811")
            guard case .failure(let failure) = await sender.send(Reply(text: "a"), to: "+6285712345678") else {
                Issue.record("a server error was taken as accepted")
                return
            }
            #expect(!failure.permanent)
        }
    }

    @Test func theGenericGatewayGetsTheSignedContractShape() async throws {
        try await self.withPlatform(status: .ok) { port, log in
            let sender = GenericSender(client: CurlHTTPClient(), url: "http://127.0.0.1:\(port)/gateway", secret: "generic-secret")
            #expect(await sender.send(id: "7-1", to: "+6285712345678", reply: Reply(text: "Halo"), inReplyTo: "msg-1") == nil)
            let request = try #require(log.all.first)
            #expect(WebhookSignature.isValid(request.signature, body: request.body, secret: "generic-secret"))
            let json = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
            #expect(json["id"] as? String == "7-1")
            #expect(json["in_reply_to"] as? String == "msg-1")
        }
        try await self.withPlatform(status: .badGateway) { port, _ in
            let sender = GenericSender(client: CurlHTTPClient(), url: "http://127.0.0.1:\(port)/gateway", secret: "s")
            #expect(await sender.send(id: "1", to: "+6285712345678", reply: Reply(text: "a"), inReplyTo: nil) != nil)
        }
    }
}
