import Foundation
import LoketCore

/// The metadata of a document whose encrypted bytes are in the vault.
package struct StoredDocument: Codable, Equatable, Sendable {
    /// The vault id; attachments refer to it as `vault:ID`.
    package var id: String
    package var citizen: String
    package var mimeType: String?
    package var size: Int
    package var storedAt: Date

    package init(id: String, citizen: String, mimeType: String?, size: Int, storedAt: Date) {
        self.id = id
        self.citizen = citizen
        self.mimeType = mimeType
        self.size = size
        self.storedAt = storedAt
    }
}

/// One entry of the audit log: who did what to which subject, when.
package struct AuditEntry: Codable, Equatable, Sendable {
    package var at: Date
    /// `retention`, `officer:NAME`, `admin:NAME`, `system`.
    package var actor: String
    package var action: String
    /// What was acted on: a case id, a document id.
    package var subject: String
    package var detail: String?

    package init(at: Date, actor: String, action: String, subject: String, detail: String? = nil) {
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
    }
}

extension CaseFile {
    /// The vault ids of the case's documents still stored.
    package var vaultDocumentIDs: [String] {
        self.documents.values.compactMap { $0.reference }.filter { $0.hasPrefix("vault:") }.map { String($0.dropFirst(6)) }.sorted()
    }

    /// When the case reached its final state; nil while it is open.
    package var closedAt: Date? {
        self.state.isOpen ? nil : (self.history.last?.at ?? self.openedAt)
    }
}
