import Foundation
import LoketCore
import LoketStore

/// Purges the documents of closed cases after the retention period, and audits every purge.
///
/// The bytes leave the vault first; then, in one transaction, the case forgets its references, the documents are
/// marked purged and the audit log says so. A crash in between is repaired by the next sweep, which finds the
/// case again and removes what is left (removing a missing file is not an error).
package struct RetentionSweeper: Sendable {
    package let store: any Store
    package let vault: DocumentVault
    /// How long documents are kept after their case closed.
    package let retention: TimeInterval

    package init(store: any Store, vault: DocumentVault, retentionDays: Int) {
        self.store = store
        self.vault = vault
        self.retention = TimeInterval(retentionDays) * 86_400
    }

    /// One sweep at `now`; returns the number of documents purged.
    @discardableResult
    package func sweep(at now: Date) async throws -> Int {
        var purged = 0
        for file in try await self.store.closedCasesWithDocuments(closedBefore: now.addingTimeInterval(-self.retention), limit: 500) {
            let ids = file.vaultDocumentIDs
            for id in ids { try self.vault.remove(id) }
            _ = try await self.store.commit(CommitRequest(address: file.citizen, receivedAt: now)) { state, _ in
                var next = state
                var updated = next.cases.last { $0.id == file.id } ?? file
                for (document, attachment) in updated.documents where attachment.reference?.hasPrefix("vault:") == true {
                    updated.documents[document]?.reference = nil
                }
                updated.history.append(CaseEvent(at: now, actor: "retention", action: "documents_purged", detail: "\(ids.count)"))
                if let index = next.cases.lastIndex(where: { $0.id == file.id }) { next.cases[index] = updated }
                var commit = Commit(state: next)
                commit.cases = [updated]
                commit.purgedDocuments = ids
                commit.audit = [AuditEntry(at: now, actor: "retention", action: "documents_purged", subject: file.id, detail: "\(ids.count) documents")]
                return (commit, ids.count)
            }
            purged += ids.count
        }
        return purged
    }
}
