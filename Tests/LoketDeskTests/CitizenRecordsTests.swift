import Crypto
import Foundation
import LoketCore
import LoketDesk
import LoketSQLite
import LoketStore
import Testing

@Suite struct CitizenRecordsTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-citizen-\(UUID().uuidString)")
    let now = TranscriptRunner.defaultClock
    let siti = "3171015708900002"
    let phone = "+6281234567890"
    let admin = Officer(name: "rina", role: .admin, createdAt: TranscriptRunner.defaultClock)

    /// Siti asks for reactivation and sends her KTP photo, which is in the vault.
    func conversation() async throws -> (Desk, DocumentVault) {
        let desk = Desk(store: try SQLiteStore(path: self.folder.appendingPathComponent("loket.sqlite").path), environment: TranscriptTests.environment)
        try await desk.seedDirectory()
        let vault = try DocumentVault(folder: self.folder.appendingPathComponent("vault"), key: SymmetricKey(size: .bits256))
        try vault.put(Data("foto ktp".utf8), id: "doc-ktp")
        try await desk.store.recordDocument(StoredDocument(id: "doc-ktp", citizen: self.phone, mimeType: "image/jpeg", size: 8, storedAt: self.now))
        let photo = Attachment(kind: .image, filename: "ktp.jpg", mimeType: "image/jpeg", reference: "vault:doc-ktp")
        let messages = [
            InboundMessage(id: "m1", from: self.phone, text: "kartu saya nonaktif, mau aktif lagi"),
            InboundMessage(id: "m2", from: self.phone, text: self.siti),
            InboundMessage(id: "m3", from: self.phone, text: "17-08-1990"),
            InboundMessage(id: "m4", from: self.phone, text: "ya"),
            InboundMessage(id: "m5", from: self.phone, attachments: [photo]),
        ]
        for message in messages { _ = try await desk.receive(message, at: self.now) }
        return (desk, vault)
    }

    @Test func anExportHoldsTheRecordTheMessagesAndTheRepliesAndIsAudited() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let (desk, vault) = try await self.conversation()
        let export = try await CitizenRecords(store: desk.store, vault: vault).export(nik: self.siti, by: self.admin, at: self.now)
        #expect(export.directory?.participant.name == "Siti Rahma")
        #expect(export.conversations.map(\.address) == [self.phone])
        #expect(export.conversations.first?.messages.map(\.message.id) == ["m1", "m2", "m3", "m4", "m5"])
        #expect((export.conversations.first?.replies.count ?? 0) >= 5)
        #expect(try await desk.store.auditLog(limit: 1).first?.action == "citizen_exported")
        #expect(try await desk.store.auditLog(limit: 1).first?.subject == "citizen:3171********0002")
    }

    @Test func anErasureLeavesNoChatCopyButRefusesARedeliveryAndKeepsTheChainedAudit() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let (desk, vault) = try await self.conversation()
        let records = CitizenRecords(store: desk.store, vault: vault)
        let erased = try await records.erase(nik: self.siti, by: self.admin, at: self.now)
        #expect(erased.conversations == 1)
        #expect(erased.documents == 1)
        #expect(try await desk.store.conversation(address: self.phone) == nil)
        #expect(try await desk.store.inboundMessages(sender: self.phone, limit: 100).isEmpty)
        #expect(try await desk.store.outbox(recipient: self.phone, limit: 100).isEmpty)
        #expect(throws: VaultError.self) { try vault.get("doc-ktp") }
        #expect(try await desk.store.citizenAddresses(nik: self.siti).isEmpty)
        // The platform delivering an old message again is still refused, not answered anew.
        #expect(try await desk.receive(InboundMessage(id: "m2", from: self.phone, text: self.siti), at: self.now).duplicate)
        // The directory record is BPJS's and stays; the audit log keeps the erasure, chained.
        #expect(try await desk.store.directoryRecord(nik: self.siti) != nil)
        #expect(try await desk.store.auditLog(limit: 1).first?.action == "citizen_erased")
        #expect(try await AuditChain.verify(desk.store).firstBroken == nil)
    }

    @Test func onlyAnAdminExportsOrErases() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let (desk, vault) = try await self.conversation()
        let officer = Officer(name: "sari", role: .supervisor, createdAt: self.now)
        await #expect(throws: CitizenRecordsError.self) {
            _ = try await CitizenRecords(store: desk.store, vault: vault).erase(nik: self.siti, by: officer, at: self.now)
        }
        #expect(try await desk.store.conversation(address: self.phone) != nil)
    }
}
