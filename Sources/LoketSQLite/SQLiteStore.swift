import Foundation
import GRDB
import LoketCore
import LoketStore

/// The embedded store: one SQLite file in WAL mode, through GRDB.
///
/// SQLite has one writer at a time, so every ``commit(_:decide:)`` already runs alone: that is the
/// per-conversation lock, and more.
package struct SQLiteStore: Store {
    let database: DatabasePool
    /// Events and outbox changes, several to a transaction when they arrive together.
    private let writer: GroupedWriter

    /// Opens (or creates) the database at `path` and brings its schema up to date.
    /// - Throws: ``StoreError`` naming the cause: a folder that cannot be made, a file that is not a database,
    ///   a database locked by another program for longer than the busy timeout.
    package init(path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.unavailable, "cannot create the folder \(folder.path): \(error.localizedDescription)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        do {
            self.database = try DatabasePool(path: path, configuration: configuration)
            self.writer = GroupedWriter(database: self.database)
            try SQLiteMigrations.migrator.migrate(self.database)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw StoreError(.unusable, "\(path) is not a usable SQLite database (\(error.message ?? "corrupt")); restore it from a backup")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw StoreError(.unavailable, "\(path) is locked by another program; stop it or wait, then try again")
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unavailable, "cannot open \(path): \(error)")
        }
    }

    /// The schema versions applied, oldest first.
    package func appliedMigrations() async throws -> [String] {
        try await self.database.read { db in try SQLiteMigrations.migrator.appliedMigrations(db) }
    }

    // MARK: - Writes

    package func commit<Decision: Sendable>(
        _ request: CommitRequest,
        decide: @escaping @Sendable (ConversationState, Int) throws -> (Commit, Decision)
    ) async throws -> Decision? {
        try await self.writer.write { db in
            let rows = SQLiteRows(db: db)
            if let inbound = request.inbound, try !rows.recordInbound(inbound, request: request) { return nil }
            if let payment = request.payment, try !rows.recordPayment(payment, request: request) { return nil }
            if let timer = request.timer, try !rows.isDue(timer: timer, at: request.receivedAt) { return nil }
            let state = try rows.conversation(address: request.address) ?? ConversationState(address: request.address)
            let (commit, decision) = try decide(state, try rows.nextSequence())
            try rows.write(commit)
            return decision
        }
    }

    package func seedParticipants(_ participants: [Participant]) async throws -> Int {
        try await self.database.write { db in
            let rows = SQLiteRows(db: db)
            var added = 0
            for participant in participants where try rows.participant(nik: participant.nik) == nil {
                try rows.save(participant)
                added += 1
            }
            return added
        }
    }

    package func saveParticipant(_ participant: Participant) async throws {
        try await self.database.write { db in try SQLiteRows(db: db).save(participant) }
    }

    package func saveParticipants(_ participants: [Participant]) async throws {
        try await self.database.write { db in
            let rows = SQLiteRows(db: db)
            for participant in participants { try rows.save(participant) }
        }
    }

    package func importCase(_ file: CaseFile) async throws {
        try await self.database.write { db in
            let rows = SQLiteRows(db: db)
            var conversation = try rows.conversation(address: file.citizen) ?? ConversationState(address: file.citizen)
            conversation.cases.append(file)
            try rows.save(conversation)
            try rows.save(file)
        }
    }

    package func importCases(_ files: [CaseFile]) async throws {
        try await self.database.write { db in
            let rows = SQLiteRows(db: db)
            for file in files { try rows.save(file) }
        }
    }

    // MARK: - Reads

    package func hasRecordedPayment(reference: String) async throws -> Bool {
        try await self.database.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM payments WHERE reference = ?)", arguments: [reference]) ?? false
        }
    }

    package func hasReceived(messageID: String) async throws -> Bool {
        try await self.database.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM inbound_messages WHERE id = ?)", arguments: [messageID]) ?? false
        }
    }

    package func conversation(address: String) async throws -> ConversationState? {
        try await self.database.read { db in try SQLiteRows(db: db).conversation(address: address) }
    }

    package func caseFile(id: String) async throws -> CaseFile? {
        try await self.database.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM cases WHERE id = ?", arguments: [id]).map { try StoredJSON.decode(CaseFile.self, $0) }
        }
    }

    package func caseAwaitingPayment(virtualAccount: String) async throws -> CaseFile? {
        try await self.database.read { db in
            try String.fetchOne(
                db,
                sql: "SELECT body FROM cases WHERE virtual_account = ? AND state = 'awaiting_payment' ORDER BY opened_at DESC LIMIT 1",
                arguments: [virtualAccount]
            ).map { try StoredJSON.decode(CaseFile.self, $0) }
        }
    }

    package func cases(in states: [CaseState], limit: Int) async throws -> [CaseFile] {
        try await self.database.read { db in
            let marks = Array(repeating: "?", count: states.count).joined(separator: ", ")
            var arguments: [any DatabaseValueConvertible] = states.map(\.rawValue)
            arguments.append(limit)
            return try String.fetchAll(
                db, sql: "SELECT body FROM cases WHERE state IN (\(marks)) ORDER BY opened_at, id LIMIT ?",
                arguments: StatementArguments(arguments)
            ).map { try StoredJSON.decode(CaseFile.self, $0) }
        }
    }

    package func directoryRecord(nik: String) async throws -> DirectoryRecord? {
        try await self.database.read { db in
            let rows = SQLiteRows(db: db)
            guard let person = try rows.participant(nik: nik) else { return nil }
            return DirectoryRecord(participant: person, family: try rows.family(kk: person.kk))
        }
    }

    // MARK: - Outbox

    package func leaseOutbox(now: Date, limit: Int, leaseSeconds: Int) async throws -> [OutboxEntry] {
        try await self.writer.write { db in
            // The first pending reply of each recipient, oldest first; a later one waits until the earlier is delivered.
            // Read in order and stopped at the batch (the planner would rather sort every pending reply first).
            let moment = now.timeIntervalSince1970
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, body FROM outbox o INDEXED BY outbox_pending_in_order
                    WHERE status = 'pending' AND next_attempt_at <= ? AND coalesce(leased_until, 0) <= ?
                        AND NOT EXISTS (
                            SELECT 1 FROM outbox f WHERE f.status = 'pending' AND f.recipient = o.recipient AND f.sequence < o.sequence)
                    ORDER BY sequence LIMIT ?
                    """,
                arguments: [moment, moment, limit])
            for row in rows {
                try db.execute(
                    sql: "UPDATE outbox SET leased_until = ? WHERE id = ?", arguments: [moment + Double(leaseSeconds), row["id"] as String])
            }
            return try rows.map { try StoredJSON.decode(OutboxEntry.self, $0["body"]) }
        }
    }

    package func markDelivered(id: String, at moment: Date, platformID: String?) async throws {
        try await self.writer.write { db in
            try SQLiteRows(db: db).updateOutbox(id: id) { entry in
                entry.status = .delivered
                entry.platformID = platformID
            }
            try db.execute(
                sql: "UPDATE outbox SET delivered_at = ?, leased_until = NULL, platform_id = ? WHERE id = ?",
                arguments: [moment.timeIntervalSince1970, platformID, id])
        }
    }

    package func recordDeliveryStatus(platformID: String, status: String, at moment: Date) async throws -> Bool {
        try await self.writer.write { db in
            guard let id = try String.fetchOne(db, sql: "SELECT id FROM outbox WHERE platform_id = ?", arguments: [platformID]) else {
                return false
            }
            try SQLiteRows(db: db).updateOutbox(id: id) { entry in entry.platformStatus = status }
            return true
        }
    }

    package func markFailed(id: String, error: String, retryAt: Date?) async throws {
        try await self.writer.write { db in
            try SQLiteRows(db: db).updateOutbox(id: id) { entry in
                entry.attempts += 1
                entry.lastError = error
                if retryAt == nil { entry.status = .dead }
            }
            try db.execute(
                sql: "UPDATE outbox SET next_attempt_at = ?, leased_until = NULL WHERE id = ?",
                arguments: [(retryAt ?? Date.distantFuture).timeIntervalSince1970, id])
        }
    }

    package func deadLetters(limit: Int) async throws -> [OutboxEntry] {
        try await self.database.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM outbox WHERE status = 'dead' ORDER BY sequence LIMIT ?", arguments: [limit])
                .map { try StoredJSON.decode(OutboxEntry.self, $0) }
        }
    }

    package func outbox(recipient: String, limit: Int) async throws -> [OutboxEntry] {
        try await self.database.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM outbox WHERE recipient = ? ORDER BY sequence LIMIT ?", arguments: [recipient, limit])
                .map { try StoredJSON.decode(OutboxEntry.self, $0) }
        }
    }

    package func retryDeadLetter(id: String, at moment: Date) async throws -> Bool {
        try await self.database.write { db in
            guard try String.fetchOne(db, sql: "SELECT status FROM outbox WHERE id = ?", arguments: [id]) == "dead" else { return false }
            try SQLiteRows(db: db).updateOutbox(id: id) { entry in
                entry.status = .pending
                entry.attempts = 0
            }
            try db.execute(sql: "UPDATE outbox SET next_attempt_at = ? WHERE id = ?", arguments: [moment.timeIntervalSince1970, id])
            return true
        }
    }

    // MARK: - Documents and audit

    package func recordDocument(_ document: StoredDocument) async throws {
        try await self.database.write { db in
            try db.execute(
                sql: "INSERT INTO documents (id, citizen, body, stored_at) VALUES (?, ?, ?, ?)",
                arguments: [document.id, document.citizen, try StoredJSON.encode(document), document.storedAt.timeIntervalSince1970])
        }
    }

    package func closedCasesWithDocuments(closedBefore moment: Date, limit: Int) async throws -> [CaseFile] {
        try await self.database.read { db in
            try String.fetchAll(
                db, sql: "SELECT body FROM cases WHERE stored_documents = 1 AND closed_at < ? ORDER BY closed_at LIMIT ?",
                arguments: [moment.timeIntervalSince1970, limit]
            ).map { try StoredJSON.decode(CaseFile.self, $0) }
        }
    }

    package func citizenAddresses(nik: String) async throws -> [String] {
        try await self.database.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT citizen FROM cases WHERE json_extract(body, '$.nik') = ?1 AND citizen <> ?2
                    UNION SELECT address FROM conversations WHERE json_extract(state, '$.verified.record.participant.nik') = ?1
                    ORDER BY 1
                    """,
                arguments: [nik, CitizenErasure.erasedAddress])
        }
    }

    package func erase(addresses: [String], at moment: Date, audit: AuditEntry) async throws -> [String] {
        try await self.database.write { db in
            var documents: [String] = []
            for address in addresses {
                for id in try String.fetchAll(db, sql: "SELECT id FROM inbound_messages WHERE sender = ?", arguments: [address]) {
                    try db.execute(
                        sql: "UPDATE inbound_messages SET sender = ?, body = ? WHERE id = ?",
                        arguments: [CitizenErasure.erasedAddress, try StoredJSON.encode(CitizenErasure.erased(id)), id])
                }
                let rows = SQLiteRows(db: db)
                for body in try String.fetchAll(db, sql: "SELECT body FROM cases WHERE citizen = ?", arguments: [address]) {
                    let file = try StoredJSON.decode(CaseFile.self, body)
                    documents += file.vaultDocumentIDs
                    try rows.save(file.erased(at: moment))
                }
                documents += try String.fetchAll(db, sql: "SELECT id FROM documents WHERE citizen = ? AND purged_at IS NULL", arguments: [address])
                try db.execute(sql: "DELETE FROM outbox WHERE recipient = ?", arguments: [address])
                try db.execute(sql: "DELETE FROM timers WHERE address = ?", arguments: [address])
                try db.execute(sql: "DELETE FROM conversations WHERE address = ?", arguments: [address])
            }
            let unique = Array(Set(documents)).sorted()
            try db.execute(
                sql: "UPDATE documents SET citizen = ?, purged_at = ? WHERE id IN (SELECT value FROM json_each(?))",
                arguments: [CitizenErasure.erasedAddress, moment.timeIntervalSince1970, try StoredJSON.encode(unique)])
            try SQLiteRows(db: db).record(audit)
            return unique
        }
    }

    package func auditLinks(after sequence: Int64, limit: Int) async throws -> [AuditLink] {
        try await self.database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT sequence, body, hash FROM audit_log WHERE sequence > ? ORDER BY sequence LIMIT ?", arguments: [sequence, limit]
            ).map { AuditLink(sequence: $0["sequence"], text: $0["body"], hash: $0["hash"]) }
        }
    }

    package func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await self.database.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM audit_log ORDER BY sequence DESC LIMIT ?", arguments: [limit])
                .map { try StoredJSON.decode(AuditEntry.self, $0) }
        }
    }

    // MARK: - Officers

    package func saveOfficer(_ officer: Officer) async throws {
        try await self.database.write { db in
            try db.execute(
                sql: "INSERT INTO officers (name, role, body) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET role = excluded.role, body = excluded.body",
                arguments: [officer.name, officer.role.rawValue, try StoredJSON.encode(officer)])
        }
    }

    package func officer(name: String) async throws -> Officer? {
        try await self.database.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM officers WHERE name = ?", arguments: [name]).map { try StoredJSON.decode(Officer.self, $0) }
        }
    }

    package func officers() async throws -> [Officer] {
        try await self.database.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM officers ORDER BY name").map { try StoredJSON.decode(Officer.self, $0) }
        }
    }

    // MARK: - Statistics

    package func migrationsAreCurrent() async throws -> Bool {
        try await self.database.read { db in try SQLiteMigrations.migrator.hasCompletedMigrations(db) }
    }

    package func statistics(at moment: Date) async throws -> StoreStatistics {
        try await self.database.read { db in
            let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE status = 'pending'") ?? 0
            let oldest = try Double.fetchOne(db, sql: "SELECT MIN(created_at) FROM outbox WHERE status = 'pending'")
            let dead = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE status = 'dead'") ?? 0
            var cases: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM cases GROUP BY state") {
                cases[row["state"]] = row["n"]
            }
            return StoreStatistics(
                outboxPending: pending, oldestPendingSeconds: oldest.map { max(0, moment.timeIntervalSince1970 - $0) } ?? 0,
                deadLetters: dead, casesByState: cases)
        }
    }

    // MARK: - Timers

    package func dueTimers(at moment: Date, limit: Int) async throws -> [ScheduledTimer] {
        try await self.database.read { db in
            try String.fetchAll(
                db, sql: "SELECT body FROM timers WHERE fire_at <= ? ORDER BY fire_at, id LIMIT ?",
                arguments: [moment.timeIntervalSince1970, limit]
            ).map { try StoredJSON.decode(ScheduledTimer.self, $0) }
        }
    }
}
