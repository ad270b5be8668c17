import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LoketChannels
import LoketCore
import LoketServer
import LoketStore
import Logging
import NIOCore
import Testing

/// A local server that speaks the Graph API's `messages` endpoint: it records each request and answers with the
/// next scripted reply (status and JSON), then with success.
final class FakeGraphAPI: @unchecked Sendable {
    struct Received {
        var path: String
        var authorization: String?
        var json: [String: Any]
    }

    private let lock = NSLock()
    private var answers: [(HTTPResponse.Status, String)]
    private(set) var received: [Received] = []

    init(answers: [(HTTPResponse.Status, String)] = []) {
        self.answers = answers
    }

    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("/v21.0/:phone/messages") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let json = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
            let (status, answer) = self.lock.withLock { () -> (HTTPResponse.Status, String) in
                self.received.append(Received(path: request.uri.path, authorization: request.headers[.authorization], json: json))
                return self.answers.isEmpty ? (.ok, #"{"messages":[{"id":"wamid.sent"}]}"#) : self.answers.removeFirst()
            }
            return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

@Suite struct WhatsAppCloudSenderTests {
    /// Runs `body` with a sender pointed at a fake Graph API on loopback, over libcurl.
    func withGraph(_ graph: FakeGraphAPI, _ body: @Sendable (WhatsAppCloudSender) async throws -> Void) async throws {
        try await graph.application().test(.live) { client in
            let port = try #require(client.port)
            let sender = WhatsAppCloudSender(
                client: CurlHTTPClient(), apiBase: "http://127.0.0.1:\(port)/v21.0", phoneNumberID: "277321005464405", accessToken: "token-1")
            try await body(sender)
        }
    }

    @Test func sendsTextWithTheBearerToken() async throws {
        let graph = FakeGraphAPI()
        try await self.withGraph(graph) { sender in
            #expect(await sender.send(Reply(text: "Halo 🙏"), to: "+6285712345678") == .accepted("wamid.sent"))
        }
        let request = try #require(graph.received.first)
        #expect(request.path == "/v21.0/277321005464405/messages")
        #expect(request.authorization == "Bearer token-1")
        #expect(request.json["to"] as? String == "6285712345678")
        #expect((request.json["text"] as? [String: Any])?["body"] as? String == "Halo 🙏")
    }

    @Test func buttonsListsAndTemplatesTakeThePlatformsShapes() async throws {
        let graph = FakeGraphAPI()
        let buttons = [Reply.Button(id: "yes", title: "Ya, lanjutkan"), Reply.Button(id: "no", title: "Nanti saja")]
        let many = (1...5).map { Reply.Button(id: "service:\($0)", title: "Layanan nomor \($0)") }
        try await self.withGraph(graph) { sender in
            _ = await sender.send(Reply(text: "Lanjutkan?", buttons: buttons), to: "+6285712345678")
            _ = await sender.send(Reply(text: "Pilih layanan", buttons: many), to: "+6285712345678")
            _ = await sender.send(Reply(text: "Permohonan disetujui", template: "loket_pemberitahuan"), to: "+6285712345678")
        }
        let interactive = graph.received.map { ($0.json["interactive"] as? [String: Any])?["type"] as? String }
        #expect(interactive == ["button", "list", nil])
        #expect(graph.received[2].json["type"] as? String == "template")
        #expect((graph.received[2].json["template"] as? [String: Any])?["name"] as? String == "loket_pemberitahuan")
    }

    @Test func marksAMessageRead() async throws {
        let graph = FakeGraphAPI()
        try await self.withGraph(graph) { sender in await sender.markRead("wamid.in-1") }
        #expect(graph.received.first?.json["status"] as? String == "read")
        #expect(graph.received.first?.json["message_id"] as? String == "wamid.in-1")
    }

    @Test func theFirstReplyToAMessageMarksItReadThenAnswers() async throws {
        let graph = FakeGraphAPI()
        try await self.withGraph(graph) { whatsApp in
            let sender = ServerSender(whatsApp: whatsApp, console: { _ in })
            var first = OutboxEntry(id: "5-1", recipient: "+6285712345678", reply: Reply(text: "Halo"), inReplyTo: "wamid.in", createdAt: Date())
            first.channel = "whatsapp"
            var second = first
            second.id = "5-2"
            #expect(try await sender.send(first) == "wamid.sent")
            _ = try await sender.send(second)
            // A first reply sent again after a failed attempt does not mark its message read a second time.
            var retried = first
            retried.id = "6-1"
            retried.attempts = 1
            _ = try await sender.send(retried)
        }
        #expect(graph.received.map { $0.json["status"] as? String } == ["read", nil, nil, nil])
        // Each reply carries its outbox id, which the platform's status webhooks bring back.
        #expect(graph.received.map { $0.json["biz_opaque_callback_data"] as? String } == [nil, "5-1", "5-2", "6-1"])
    }

    @Test func rateLimitsAreRetriedAndUnreachableNumbersAreNot() async throws {
        let graph = FakeGraphAPI(answers: [
            (.tooManyRequests, #"{"error":{"code":130429,"message":"Rate limit hit"}}"#),
            (.badRequest, #"{"error":{"code":131026,"message":"Message undeliverable"}}"#),
            (.internalServerError, "{}"),
        ])
        try await self.withGraph(graph) { sender in
            guard case .failed(.retry, _) = await sender.send(Reply(text: "a"), to: "+6285712345678") else {
                Issue.record("not retried")
                return
            }
            guard case .failed(.permanent, let reason) = await sender.send(Reply(text: "b"), to: "+6285712345678") else {
                Issue.record("not permanent")
                return
            }
            #expect(reason.contains("131026"))
            guard case .failed(.retry, _) = await sender.send(Reply(text: "c"), to: "+6285712345678") else {
                Issue.record("5xx not retried")
                return
            }
        }
    }

    @Test func noAnswerInTimeLeavesTheReplyInDoubt() async throws {
        // A platform that takes the message but answers too late: it may well have it, so it is not "failed".
        let router = Router()
        router.post("/v21.0/:phone/messages") { _, _ -> Response in
            try await Task.sleep(for: .seconds(3))
            return Response(status: .ok)
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            var sender = WhatsAppCloudSender(
                client: CurlHTTPClient(), apiBase: "http://127.0.0.1:\(try #require(client.port))/v21.0", phoneNumberID: "1", accessToken: "t")
            sender.timeout = 1
            guard case .failed(.inDoubt, _) = await sender.send(Reply(text: "a"), to: "+6285712345678") else {
                Issue.record("a send without an answer was not left in doubt")
                return
            }
        }
    }

    @Test func anUnreachableServerIsATransportFailureToRetry() async {
        let sender = WhatsAppCloudSender(client: CurlHTTPClient(), apiBase: "http://127.0.0.1:9/v21.0", phoneNumberID: "1", accessToken: "t")
        guard case .failed(.retry, _) = await sender.send(Reply(text: "a"), to: "+6285712345678") else {
                Issue.record("not retried")
                return
            }
    }
}
