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

@Suite struct ServerTests {
    static let secret = "test-app-secret"
    static let configuration = ServerConfiguration(
        whatsAppAppSecret: Self.secret, whatsAppVerifyToken: "verify-me", genericSecret: "generic-secret",
        twilioAuthToken: "twilio-token", twilioWebhookURL: "https://gateway.example.org/webhooks/twilio", paymentSecret: "payment-secret")

    static let environment: MachineEnvironment = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        do {
            return MachineEnvironment(configuration: try ConfigurationFiles.load(mainFile: root.appendingPathComponent("config/loket.yaml").path))
        } catch {
            fatalError("the project's config/ does not load: \(error)")
        }
    }()

    /// Runs `body` against the application on a fresh SQLite store.
    func withApp(
        _ configuration: ServerConfiguration = Self.configuration, _ body: @Sendable (any TestClientProtocol, any Store) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-server-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("loket.sqlite").path)
        let desk = Desk(store: store, environment: Self.environment)
        try await desk.seedDirectory()
        let vault = try DocumentVault(folder: folder.appendingPathComponent("vault"), key: SymmetricKey(size: .bits256))
        let app = try LoketApplication.build(desk: desk, configuration: configuration, vault: vault, logger: Logger(label: "test"))
        try await app.test(.router) { client in try await body(client, store) }
    }

    static func whatsAppText(id: String, from: String, text: String) -> Data {
        let json = #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"628118165165","phone_number_id":"277321005464405"},"contacts":[{"profile":{"name":"Siti"},"wa_id":"\#(from)"}],"messages":[{"from":"\#(from)","id":"\#(id)","timestamp":"1772417700","type":"text","text":{"body":"\#(text)"}}]}}]}]}"#
        return Data(json.utf8)
    }

    static func signed(_ body: Data, header: HTTPField.Name, secret: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[header] = WebhookSignature.sign(body, secret: secret)
        fields[.contentType] = "application/json"
        return fields
    }

    @Test func healthAndReadiness() async throws {
        try await self.withApp { client, _ in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func answersWhatsAppsHandshake() async throws {
        try await self.withApp { client, _ in
            try await client.execute(uri: "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=verify-me", method: .get) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body) == "1158201444")
            }
            try await client.execute(uri: "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong", method: .get) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test func aSignedMessageIsHandledOnceAndAnswered() async throws {
        try await self.withApp { client, store in
            let body = Self.whatsAppText(id: "wamid.1", from: "6285712345678", text: "halo min")
            let headers = Self.signed(body, header: HTTPField.Name("X-Hub-Signature-256")!, secret: Self.secret)
            for _ in 0..<2 {
                try await client.execute(uri: "/webhooks/whatsapp", method: .post, headers: headers, body: ByteBuffer(bytes: body)) {
                    #expect($0.status == .ok)
                }
            }
            let replies = try await store.outbox(recipient: "+6285712345678", limit: 10)
            #expect(replies.count == 1)
            #expect(replies.first?.reply.text.contains("Loket") == true)
        }
    }

    @Test func aReplyThePlatformReportsSentIsNotSentAgain() async throws {
        // The instance that sent the reply died before recording it; only the platform's status, which carries our
        // outbox id back, tells that it went out.
        var configuration = Self.configuration
        configuration.runsWorkers = false
        try await self.withApp(configuration) { client, store in
            let signature = HTTPField.Name("X-Hub-Signature-256")!
            let message = Self.whatsAppText(id: "wamid.in1", from: "6285712345678", text: "halo min")
            try await client.execute(uri: "/webhooks/whatsapp", method: .post, headers: Self.signed(message, header: signature, secret: Self.secret),
                body: ByteBuffer(bytes: message)) { #expect($0.status == .ok) }
            let reply = try #require(try await store.outbox(recipient: "+6285712345678", limit: 10).first)
            #expect(reply.status == .pending)
            let json = #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"628118165165","phone_number_id":"277321005464405"},"statuses":[{"id":"wamid.out1","status":"sent","timestamp":"1772417701","recipient_id":"6285712345678","biz_opaque_callback_data":"\#(reply.id)"}]}}]}]}"#
            let status = Data(json.utf8)
            try await client.execute(uri: "/webhooks/whatsapp", method: .post, headers: Self.signed(status, header: signature, secret: Self.secret),
                body: ByteBuffer(bytes: status)) { #expect($0.status == .ok) }
            let recorded = try #require(try await store.outbox(recipient: "+6285712345678", limit: 10).first)
            #expect(recorded.status == .delivered)
            #expect(recorded.platformID == "wamid.out1")
            #expect(recorded.platformStatus == "sent")
            #expect(try await store.leaseOutbox(now: Date(), limit: 10, leaseSeconds: 60).isEmpty)
        }
    }

    @Test func wrongSignatureMalformedBodyAndUnknownRoutesGetJSONErrors() async throws {
        try await self.withApp { client, store in
            let body = Self.whatsAppText(id: "wamid.2", from: "6285712345678", text: "halo")
            let wrong = Self.signed(body, header: HTTPField.Name("X-Hub-Signature-256")!, secret: "not the secret")
            try await client.execute(uri: "/webhooks/whatsapp", method: .post, headers: wrong, body: ByteBuffer(bytes: body)) {
                #expect($0.status == .unauthorized)
                #expect(String(buffer: $0.body).contains(#""code":"unauthorized""#))
            }
            let garbage = Data("{not json".utf8)
            let signed = Self.signed(garbage, header: HTTPField.Name("X-Hub-Signature-256")!, secret: Self.secret)
            try await client.execute(uri: "/webhooks/whatsapp", method: .post, headers: signed, body: ByteBuffer(bytes: garbage)) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains(#""error":{"#))
            }
            let huge = Data(repeating: 0x41, count: (1 << 20) + 1)
            try await client.execute(uri: "/webhooks/whatsapp", method: .post, headers: signed, body: ByteBuffer(bytes: huge)) {
                #expect($0.status == .contentTooLarge)
                #expect(String(buffer: $0.body).contains("payload_too_large"))
            }
            try await client.execute(uri: "/nowhere", method: .get) {
                #expect($0.status == .notFound)
                #expect(String(buffer: $0.body).contains(#""code":"not_found""#))
            }
            #expect(try await store.outbox(recipient: "+6285712345678", limit: 10).isEmpty)
        }
    }

    @Test func theGenericChannelAcceptsItsContractShape() async throws {
        try await self.withApp { client, store in
            let body = Data(#"{"id":"g-1","from":"+6285712345678","text":"mau aktifkan kembali kartu bpjs"}"#.utf8)
            let headers = Self.signed(body, header: HTTPField.Name("X-Loket-Signature")!, secret: "generic-secret")
            try await client.execute(uri: "/webhooks/generic", method: .post, headers: headers, body: ByteBuffer(bytes: body)) {
                #expect($0.status == .ok)
            }
            #expect(try await store.outbox(recipient: "+6285712345678", limit: 10).first?.reply.text.contains("NIK") == true)
        }
    }

    @Test func theWebChatTalksAndStoresPhotosEncrypted() async throws {
        try await self.withApp { client, store in
            try await client.execute(uri: "/chat", method: .get) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body).contains("<form"))
            }
            let session = "session-1234"
            let hello = Data(#"{"session":"\#(session)","text":"halo"}"#.utf8)
            try await client.execute(uri: "/chat/api/messages", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: hello)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/chat/api/messages?session=\(session)&after=0", method: .get) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body).contains("Loket"))
            }
            try await client.execute(uri: "/chat/api/messages?session=bad&after=0", method: .get) {
                #expect($0.status == .badRequest)
            }
            #expect(try await store.outbox(recipient: "web:" + session, limit: 10).count == 1)
        }
    }

    @Test func metricsCountMessagesAndCarryNoPersonalData() async throws {
        try await self.withApp { client, _ in
            let body = Self.whatsAppText(id: "wamid.m1", from: "6285712345678", text: "nik saya 3171015708900002")
            let headers = Self.signed(body, header: HTTPField.Name("X-Hub-Signature-256")!, secret: Self.secret)
            try await client.execute(uri: "/webhooks/whatsapp", method: .post, headers: headers, body: ByteBuffer(bytes: body)) { _ in }
            try await client.execute(uri: "/webhooks/whatsapp", method: .post, headers: [:], body: ByteBuffer(bytes: body)) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(text.contains(#"loket_messages_received_total{channel="whatsapp"} 1"#))
                #expect(text.contains(#"loket_requests_rejected_total{reason="unauthorized"} 1"#))
                #expect(!text.contains("3171015708900002"))
                #expect(!text.contains("85712345678"))
            }
        }
    }

    @Test func twilioMessagesAreSignedFormsAnsweredWithEmptyTwiML() async throws {
        try await self.withApp { client, store in
            let fields = [("MessageSid", "SM1"), ("From", "whatsapp:+6285712345678"), ("To", "whatsapp:+628118165165"), ("Body", "halo")]
            let body = Data(fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&").utf8)
            let signature = TwilioSignature.sign(url: "https://gateway.example.org/webhooks/twilio", parameters: fields, authToken: "twilio-token")
            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            headers[HTTPField.Name("X-Twilio-Signature")!] = signature
            try await client.execute(uri: "/webhooks/twilio", method: .post, headers: headers, body: ByteBuffer(bytes: body)) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body) == "<Response/>")
            }
            headers[HTTPField.Name("X-Twilio-Signature")!] = "bm90IGl0"
            try await client.execute(uri: "/webhooks/twilio", method: .post, headers: headers, body: ByteBuffer(bytes: body)) {
                #expect($0.status == .unauthorized)
            }
            let replies = try await store.outbox(recipient: "+6285712345678", limit: 10)
            #expect(replies.count == 1)
            #expect(replies.first?.channel == "twilio")
        }
    }

    @Test func paymentNoticesAreSignedAppliedOnceAndRefusedForUnknownAccounts() async throws {
        try await self.withApp { client, store in
            var file = CaseFile(id: "LKT-260302-0042", service: .reactivate, citizen: "+6285712345678", openedAt: Date())
            file.state = .awaitingPayment
            file.virtualAccount = "8888801234567890"
            file.amountDue = 140_000
            try await store.importCase(file)
            func post(_ json: String, signed: Bool = true) async throws -> (HTTPResponse.Status, String) {
                let body = Data(json.utf8)
                let headers = signed ? Self.signed(body, header: HTTPField.Name("X-Loket-Signature")!, secret: "payment-secret") : [.contentType: "application/json"]
                return try await client.execute(uri: "/webhooks/payments", method: .post, headers: headers, body: ByteBuffer(bytes: body)) {
                    ($0.status, String(buffer: $0.body))
                }
            }
            let notice = #"{"reference":"PAY-1","virtual_account":"8888801234567890","amount":140000,"paid_at":"2026-03-02T10:00:00+07:00"}"#
            #expect(try await post(notice, signed: false).0 == .unauthorized)
            #expect(try await post(#"{"reference":"PAY-1","amount":"banyak"}"#).0 == .badRequest)
            let applied = try await post(notice)
            #expect(applied.0 == .ok && applied.1.contains("applied"))
            #expect(try await store.caseFile(id: "LKT-260302-0042")?.state == .done)
            #expect(try await post(notice).1.contains("duplicate"))
            let unknown = try await post(#"{"reference":"PAY-2","virtual_account":"8888809999999999","amount":140000}"#)
            #expect(unknown.0 == .unprocessableContent && unknown.1.contains("unknown_virtual_account"))
            let told = try await store.outbox(recipient: "+6285712345678", limit: 10)
            #expect(told.count == 1)
        }
    }
}
