import Crypto
import Foundation
import LoketCore
import LoketDesk
import LoketSQLite
import LoketStore
import Testing

@Suite struct DocumentVaultTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-vault-\(UUID().uuidString)")

    @Test func storesEncryptedAndReadsBack() throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let vault = try DocumentVault(folder: self.folder, key: SymmetricKey(size: .bits256))
        let photo = Data("foto KTP Siti Rahma 3171015708900002".utf8)
        try vault.put(photo, id: "doc-1")
        let onDisk = try Data(contentsOf: self.folder.appendingPathComponent("doc-1"))
        #expect(onDisk.range(of: Data("3171015708900002".utf8)) == nil)
        #expect(try vault.get("doc-1") == photo)
    }

    @Test func refusesAnotherKeyAndASwappedFile() throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let vault = try DocumentVault(folder: self.folder, key: SymmetricKey(size: .bits256))
        try vault.put(Data("ktp".utf8), id: "doc-1")
        try vault.put(Data("kk".utf8), id: "doc-2")
        let stranger = try DocumentVault(folder: self.folder, key: SymmetricKey(size: .bits256))
        #expect(throws: VaultError.self) { try stranger.get("doc-1") }
        // A file renamed to another document's id does not decrypt: the id is authenticated.
        try FileManager.default.removeItem(at: self.folder.appendingPathComponent("doc-2"))
        try FileManager.default.copyItem(at: self.folder.appendingPathComponent("doc-1"), to: self.folder.appendingPathComponent("doc-2"))
        #expect(throws: VaultError.self) { try vault.get("doc-2") }
    }

    @Test func generatesAKeyFileOnceAndKeepsItPrivate() throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let file = self.folder.appendingPathComponent("document.key")
        let first = try DocumentKey.load(environmentValue: nil, file: file)
        let second = try DocumentKey.load(environmentValue: nil, file: file)
        #expect(first == second)
        let permissions = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func aMalformedKeyIsNamed() {
        #expect(throws: VaultError.self) { try DocumentKey.load(environmentValue: "not-a-key", file: self.folder.appendingPathComponent("k")) }
    }

    @Test func documentsOfClosedCasesArePurgedAfterRetentionAndAudited() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let store = try SQLiteStore(path: self.folder.appendingPathComponent("loket.sqlite").path)
        let vault = try DocumentVault(folder: self.folder.appendingPathComponent("vault"), key: SymmetricKey(size: .bits256))
        let opened = Date(timeIntervalSince1970: 1_772_417_700)
        func file(_ id: String, state: CaseState, document: String) throws -> CaseFile {
            try vault.put(Data("photo".utf8), id: document)
            var file = CaseFile(id: id, service: .reactivate, citizen: "+6285712345678", openedAt: opened)
            file.state = state
            file.documents = ["ktp": LoketCore.Attachment(kind: .image, reference: "vault:" + document)]
            return file
        }
        let closed = try file("LKT-1", state: .done, document: "doc-closed")
        let open = try file("LKT-2", state: .queued, document: "doc-open")
        _ = try await store.commit(CommitRequest(address: "+6285712345678", receivedAt: opened)) { state, _ in
            var next = state
            next.cases = [closed, open]
            var commit = Commit(state: next)
            commit.cases = [closed, open]
            return (commit, 0)
        }
        let sweeper = RetentionSweeper(store: store, vault: vault, retentionDays: 90)
        #expect(try await sweeper.sweep(at: opened.addingTimeInterval(89 * 86_400)) == 0)
        #expect(try await sweeper.sweep(at: opened.addingTimeInterval(91 * 86_400)) == 1)
        #expect(throws: VaultError.self) { try vault.get("doc-closed") }
        #expect(try vault.get("doc-open") == Data("photo".utf8))
        #expect(try await store.caseFile(id: "LKT-1")?.vaultDocumentIDs == [])
        #expect(try await store.auditLog(limit: 10).map(\.action) == ["documents_purged"])
        #expect(try await sweeper.sweep(at: opened.addingTimeInterval(92 * 86_400)) == 0)
    }

    @Test func rotationSealsEveryDocumentUnderTheNewKeyAndCanRunAgain() throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let old = SymmetricKey(size: .bits256)
        let new = SymmetricKey(size: .bits256)
        let before = try DocumentVault(folder: self.folder, key: old)
        try before.put(Data("ktp".utf8), id: "doc-1")
        try before.put(Data("kk".utf8), id: "doc-2")
        // During the rotation both keys read; a document put now is under the new key already.
        let during = try DocumentVault(folder: self.folder, key: new, previousKeys: [old])
        try during.put(Data("selfie".utf8), id: "doc-3")
        #expect(try during.get("doc-1") == Data("ktp".utf8))
        #expect(try during.rotate() == VaultRotation(rotated: 2, alreadyCurrent: 1, failed: []))
        #expect(try during.rotate() == VaultRotation(rotated: 0, alreadyCurrent: 3, failed: []))
        let after = try DocumentVault(folder: self.folder, key: new)
        #expect(try ["doc-1", "doc-2", "doc-3"].map { try after.get($0) } == ["ktp", "kk", "selfie"].map { Data($0.utf8) })
        #expect(throws: VaultError.self) { try before.get("doc-1") }
    }

    @Test func aDocumentNoKeyOpensIsReportedNotLost() throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let vault = try DocumentVault(folder: self.folder, key: SymmetricKey(size: .bits256), previousKeys: [SymmetricKey(size: .bits256)])
        try Data("not sealed".utf8).write(to: self.folder.appendingPathComponent("doc-9"))
        #expect(try vault.rotate().failed == ["doc-9"])
        #expect(FileManager.default.fileExists(atPath: self.folder.appendingPathComponent("doc-9").path))
    }
}
