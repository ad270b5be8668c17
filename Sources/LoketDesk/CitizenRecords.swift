import Foundation
import LoketCore
import LoketStore

/// A citizen's right of access and to erasure, exercised by an admin: everything Loket keeps about a NIK as one
/// JSON document, or those chat copies removed. Both are audited; the audit log itself is kept.
package struct CitizenRecords: Sendable {
    let store: any Store
    /// The document vault, whose files an erasure removes.
    let vault: DocumentVault

    package init(store: any Store, vault: DocumentVault) {
        self.store = store
        self.vault = vault
    }

    /// Everything about `nik`: the directory record, each conversation that wrote about it with its messages,
    /// replies and cases, and the audit entries about those cases.
    package func export(nik: String, by admin: Officer, at moment: Date) async throws -> CitizenExport {
        try Self.requireAdmin(admin)
        var export = CitizenExport(nik: nik, exportedAt: moment, directory: try await self.store.directoryRecord(nik: nik))
        for address in try await self.store.citizenAddresses(nik: nik) {
            let state = try await self.store.conversation(address: address)
            let messages = try await self.store.inboundMessages(sender: address, limit: .max)
            export.conversations.append(CitizenExport.Conversation(
                address: address, state: state,
                messages: messages.map { CitizenExport.Message(receivedAt: $0.receivedAt, message: $0.message) },
                replies: try await self.store.outbox(recipient: address, limit: .max)))
            for file in state?.cases ?? [] {
                export.audit += try await self.store.auditLog(subject: file.id, limit: .max)
            }
        }
        try await self.store.recordAudit(Self.audit("citizen_exported", nik: nik, by: admin, at: moment))
        return export
    }

    /// Removes the chat copies about `nik` (see ``Store/erase(addresses:at:audit:)``) and their documents.
    /// - Returns: how many conversations and documents were erased.
    package func erase(nik: String, by admin: Officer, at moment: Date) async throws -> (conversations: Int, documents: Int) {
        try Self.requireAdmin(admin)
        let addresses = try await self.store.citizenAddresses(nik: nik)
        let entry = Self.audit("citizen_erased", nik: nik, by: admin, at: moment, detail: "\(addresses.count) conversations")
        let documents = try await self.store.erase(addresses: addresses, at: moment, audit: entry)
        // After the commit: a crash before this leaves unreadable files no record points at, never a record
        // pointing at a missing file.
        for id in documents { try self.vault.remove(id) }
        return (addresses.count, documents.count)
    }

    private static func requireAdmin(_ officer: Officer) throws {
        guard officer.role == .admin else { throw CitizenRecordsError("only an admin exports or erases a citizen's data; \(officer.name) is an \(officer.role.rawValue)") }
    }

    /// The audit entry names the NIK masked: the log is read by more people than the data.
    private static func audit(_ action: String, nik: String, by admin: Officer, at moment: Date, detail: String? = nil) -> AuditEntry {
        AuditEntry(at: moment, actor: "admin:\(admin.name)", action: action, subject: "citizen:" + (NIK(nik)?.masked ?? "?"), detail: detail)
    }
}

/// What an export holds, as JSON.
package struct CitizenExport: Encodable, Sendable {
    package struct Message: Encodable, Sendable {
        package var receivedAt: Date
        package var message: InboundMessage
    }

    package struct Conversation: Encodable, Sendable {
        package var address: String
        /// Where the conversation stands, with the citizen's cases.
        package var state: ConversationState?
        package var messages: [Message]
        package var replies: [OutboxEntry]
    }

    package var nik: String
    package var exportedAt: Date
    package var directory: DirectoryRecord?
    package var conversations: [Conversation] = []
    package var audit: [AuditEntry] = []
}

package struct CitizenRecordsError: Error, CustomStringConvertible {
    package var description: String

    init(_ description: String) {
        self.description = description
    }
}
