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
import Synchronization
import Testing

/// What an operator reads while Loket runs (the logs at their most verbose, the console transport and `/metrics`)
/// never shows a citizen's NIK, card number, phone number or name in full.
@Suite struct PersonalDataTests {
    /// Lines written by the server, gathered for the scan.
    final class Written: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { self.lines.withLock { $0.append(line) } }
        var all: String { self.lines.withLock { $0.joined(separator: "\n") } }
    }

    /// Keeps every log event, with its metadata, at every level.
    struct WrittenLogHandler: LogHandler {
        let written: Written
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let metadata = self.metadata.merging(event.metadata ?? [:]) { $1 }
            self.written.append("\(event.level) \(event.message) \(metadata) \(event.error.map { "\($0)" } ?? "")")
        }
    }

    // Slamet Riyadi of the sample directory, writing from his own phone.
    static let nik = "3310052006680002"
    static let cardNumber = "0001018827364"
    static let phone = "6285712345678"
    static let surname = "Riyadi"

    @Test func aFullRunWritesNoPersonalDataInFull() async throws {
        let written = Written()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-privacy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("loket.sqlite").path)
        let desk = Desk(store: store, environment: ServerTests.environment)
        try await desk.seedDirectory()
        let vault = try DocumentVault(folder: folder.appendingPathComponent("vault"), key: SymmetricKey(size: .bits256))
        let console = ServerSender(console: { written.append($0) })
        var configuration = ServerTests.configuration
        configuration.sender = console
        configuration.runsWorkers = false  // The test delivers the outbox itself, below.
        let logger = Logger(label: "loket") { _ in WrittenLogHandler(written: written) }
        let app = try LoketApplication.build(desk: desk, configuration: configuration, vault: vault, logger: logger)

        try await app.test(.router) { client in
            let signature = HTTPField.Name("X-Hub-Signature-256")!
            let messages = ["kartu bpjs sy ilang kak, lupa no kartunya. gmn ya", Self.nik, "20 juni 1968", "nama saya Slamet \(Self.surname)"]
            for (index, text) in messages.enumerated() {
                let body = ServerTests.whatsAppText(id: "wamid.p\(index)", from: Self.phone, text: text)
                try await client.execute(
                    uri: "/webhooks/whatsapp", method: .post, headers: ServerTests.signed(body, header: signature, secret: ServerTests.secret),
                    body: ByteBuffer(bytes: body)
                ) { #expect($0.status == .ok) }
            }
            // Refused requests are logged too: a forged signature and a broken body, both carrying the NIK.
            let forged = ServerTests.whatsAppText(id: "wamid.forged", from: Self.phone, text: Self.nik)
            try await client.execute(uri: "/webhooks/whatsapp", method: .post, headers: [signature: "sha256=00"], body: ByteBuffer(bytes: forged)) {
                #expect($0.status == .unauthorized)
            }
            let broken = Data(#"{"entry":[{"changes":[{"value":{"messages":[{"from":"\#(Self.phone)","text":"\#(Self.nik)""#.utf8)
            try await client.execute(
                uri: "/webhooks/whatsapp", method: .post, headers: ServerTests.signed(broken, header: signature, secret: ServerTests.secret),
                body: ByteBuffer(bytes: broken)
            ) { #expect($0.status == .badRequest) }
            // The replies go out through the console transport, as with `loket serve` and no platform configured.
            try await OutboxDispatcher(store: store, sender: console).deliverDue(at: Date())
            let replies = try await store.outbox(recipient: "+" + Self.phone, limit: 20)
            #expect(replies.count >= messages.count)
            #expect(replies.allSatisfy { $0.status == .delivered })
            try await client.execute(uri: "/metrics", method: .get) { written.append(String(buffer: $0.body)) }
        }

        let replies = try await store.outbox(recipient: "+" + Self.phone, limit: 20).map(\.reply.plainText).joined()
        #expect(replies.contains(Self.cardNumber), "the citizen himself is told his card number")
        let text = written.all
        #expect(text.contains("→ 0857****5678"), "the console shows who each reply went to, masked")
        for secret in [Self.nik, Self.cardNumber, String(Self.phone.dropFirst(2)), Self.surname] {
            #expect(!text.contains(secret), "\(secret) appears in the logs, the console or the metrics")
        }
    }
}
