import Foundation
import LoketCore
import LoketDesk
import LoketSQLite
import LoketStore
import Testing

@Suite struct DeskTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-desk-\(UUID().uuidString)")
    var path: String { self.folder.appendingPathComponent("loket.sqlite").path }
    let now = TranscriptRunner.defaultClock

    func desk() throws -> Desk {
        let desk = Desk(store: try SQLiteStore(path: self.path), environment: TranscriptTests.environment)
        try desk.seedDirectory(TranscriptTests.environment.configuration.directory)
        return desk
    }

    @Test func aRedeliveredMessageIsIgnored() throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let desk = try self.desk()
        let message = InboundMessage(id: "wamid.1", from: "+6285712345678", text: "halo")
        let first = try desk.receive(message, at: self.now)
        let again = try desk.receive(message, at: self.now)
        #expect(first.replies.count == 1)
        #expect(again.duplicate)
        #expect(again.replies.isEmpty)
    }

    @Test func theConversationSurvivesARestart() throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        _ = try self.desk().receive(InboundMessage(id: "1", from: "+6285712345678", text: "mau aktifkan kembali kartu bpjs"), at: self.now)
        let reopened = try self.desk()
        let outcome = try reopened.receive(InboundMessage(id: "2", from: "+6285712345678", text: "3171015708900002"), at: self.now)
        #expect(outcome.replies.first?.reply.text.contains("tanggal lahir") == true)
    }

    @Test func repliesWaitInTheOutboxUntilDelivered() throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let desk = try self.desk()
        _ = try desk.receive(InboundMessage(id: "1", from: "+6285712345678", text: "halo"), at: self.now)
        var delivered: [OutboxEntry] = []
        try desk.deliverPending { delivered.append($0) }
        try desk.deliverPending { delivered.append($0) }
        #expect(delivered.count == 1)
        #expect(delivered.first?.recipient == "+6285712345678")
    }

    @Test func aPaymentForAnUnknownAccountIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let outcome = try self.desk().pay(Payment(virtualAccount: "8888800000000000", amount: 35_000, reference: "r1"), at: self.now)
        #expect(outcome.refusal != nil)
        #expect(outcome.replies.isEmpty)
    }
}
