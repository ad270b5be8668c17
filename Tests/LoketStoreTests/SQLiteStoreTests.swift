import Foundation
import GRDB
import LoketCore
import LoketSQLite
import LoketStore
import Testing

@Suite struct SQLiteStoreTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-sqlite-\(UUID().uuidString)")

    @Test func aFileThatIsNotADatabaseIsNamedAsSuch() throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true)
        let path = self.folder.appendingPathComponent("loket.sqlite").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x42, count: 8192))
        do {
            _ = try SQLiteStore(path: path)
            Issue.record("a corrupt file was opened")
        } catch let error as StoreError {
            #expect(error.code == .unusable)
            #expect(error.description.contains(path))
        }
    }

    @Test func aFreshDatabaseGetsEveryMigration() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let store = try SQLiteStore(path: self.folder.appendingPathComponent("loket.sqlite").path)
        #expect(try await store.appliedMigrations().count == 8)
        // Opening it again migrates nothing and loses nothing.
        let again = try SQLiteStore(path: self.folder.appendingPathComponent("loket.sqlite").path)
        #expect(try await again.appliedMigrations().count == 8)
    }

    /// Events that arrive together share a transaction; one that fails leaves the others whole.
    @Test func anEventThatFailsChangesNothingAndTheOthersCommit() async throws {
        struct Refused: Error {}
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let store = try SQLiteStore(path: self.folder.appendingPathComponent("loket.sqlite").path)
        let moment = Date(timeIntervalSince1970: 1_772_417_700)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<40 {
                group.addTask {
                    let request = CommitRequest(
                        address: "+62857000000\(index % 4)", inbound: InboundMessage(id: "m\(index)", from: "+62857000000\(index % 4)"),
                        receivedAt: moment)
                    do {
                        _ = try await store.commit(request) { state, _ in
                            // Event 7 fails after the message was recorded in its transaction.
                            if index == 7 { throw Refused() }
                            var commit = Commit(state: state)
                            commit.state.identityFailures += 1
                            return (commit, index)
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { !$0 }.count == 1)
        #expect(try await !store.hasReceived(messageID: "m7"))
        #expect(try await store.hasReceived(messageID: "m8"))
        // Every other event of the sender of event 7 (+628570000003) was applied, one after the other.
        #expect(try await store.conversation(address: "+628570000003")?.identityFailures == 9)
        #expect(try await store.conversation(address: "+628570000000")?.identityFailures == 10)
    }

    @Test func theAuditChainNamesTheFirstAlteredEntry() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let path = self.folder.appendingPathComponent("loket.sqlite").path
        let store = try SQLiteStore(path: path)
        let moment = Date(timeIntervalSince1970: 1_772_417_700)
        for (index, action) in ["case_viewed", "approved", "document_viewed"].enumerated() {
            try await store.recordAudit(AuditEntry(at: moment, actor: "officer:sari", action: action, subject: "LKT-260302-000\(index)"))
        }
        #expect(try await AuditChain.verify(store) == AuditVerification(entries: 3, firstBroken: nil))
        // Someone with the database file turns an approval into a rejection.
        let tamper = try DatabaseQueue(path: path)
        try await tamper.write { db in
            try db.execute(sql: "UPDATE audit_log SET body = replace(body, 'approved', 'rejected') WHERE sequence = 2")
        }
        #expect(try await AuditChain.verify(store) == AuditVerification(entries: 1, firstBroken: 2))
        // Removing it instead breaks the chain at the entry after the gap.
        try await tamper.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE sequence = 2") }
        #expect(try await AuditChain.verify(store, pageSize: 1) == AuditVerification(entries: 1, firstBroken: 3))
    }

    @Test func entriesWrittenWithoutAHashByAnOlderInstanceAreChainedByTheNextWriter() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let path = self.folder.appendingPathComponent("loket.sqlite").path
        let store = try SQLiteStore(path: path)
        let moment = Date(timeIntervalSince1970: 1_772_417_700)
        try await store.recordAudit(AuditEntry(at: moment, actor: "officer:sari", action: "case_viewed", subject: "LKT-260302-0001"))
        // During a rolling upgrade an instance of the previous version still writes entries without a hash.
        let older = try DatabaseQueue(path: path)
        let body = try StoredJSON.encode(AuditEntry(at: moment, actor: "officer:budi", action: "approved", subject: "LKT-260302-0002"))
        try await older.write { db in
            try db.execute(sql: "INSERT INTO audit_log (at, subject, body) VALUES (?, ?, ?)", arguments: [moment.timeIntervalSince1970, "LKT-260302-0002", body])
        }
        try await store.recordAudit(AuditEntry(at: moment, actor: "officer:sari", action: "document_viewed", subject: "LKT-260302-0002"))
        #expect(try await AuditChain.verify(store) == AuditVerification(entries: 3, firstBroken: nil))
    }
}
