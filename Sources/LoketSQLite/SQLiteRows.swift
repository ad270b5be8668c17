import Foundation
import GRDB
import LoketCore
import LoketStore

/// The reads and writes of one open SQLite transaction.
///
/// Its statements are compiled once per connection and kept: every event runs the same few, and compiling them
/// again each time cost more than running them.
struct SQLiteRows {
    let db: Database

    private func execute(sql: String, arguments: StatementArguments = []) throws {
        try self.db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    private func statement(_ sql: String) throws -> Statement {
        try self.db.cachedStatement(sql: sql)
    }

    // MARK: - Conversations and events

    func conversation(address: String) throws -> ConversationState? {
        try String.fetchOne(self.statement("SELECT state FROM conversations WHERE address = ?"), arguments: [address])
            .map { try StoredJSON.decode(ConversationState.self, $0) }
    }

    func save(_ conversation: ConversationState) throws {
        try self.execute(
            sql: """
                INSERT INTO conversations (address, state, updated_at) VALUES (?, ?, ?)
                ON CONFLICT(address) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
                """,
            arguments: [conversation.address, try StoredJSON.encode(conversation), Date().timeIntervalSince1970])
    }

    /// False when the platform id was recorded before.
    func recordInbound(_ message: InboundMessage, request: CommitRequest) throws -> Bool {
        try self.execute(
            sql: "INSERT OR IGNORE INTO inbound_messages (id, sender, received_at, platform_timestamp, body) VALUES (?, ?, ?, ?, ?)",
            arguments: [
                message.id, message.from, request.receivedAt.timeIntervalSince1970, request.platformTimestamp?.timeIntervalSince1970,
                try StoredJSON.encode(message),
            ])
        return self.db.changesCount == 1
    }

    /// Whether a timer is still stored and due (another firing has not removed or moved it).
    func isDue(timer id: String, at moment: Date) throws -> Bool {
        try Bool.fetchOne(
            self.statement("SELECT EXISTS (SELECT 1 FROM timers WHERE id = ? AND fire_at <= ?)"), arguments: [id, moment.timeIntervalSince1970]
        ) ?? false
    }

    /// False when the payment reference was recorded before.
    func recordPayment(_ payment: Payment, request: CommitRequest) throws -> Bool {
        try self.execute(
            sql: "INSERT OR IGNORE INTO payments (reference, virtual_account, amount, received_at) VALUES (?, ?, ?, ?)",
            arguments: [payment.reference, payment.virtualAccount, payment.amount, request.receivedAt.timeIntervalSince1970])
        return self.db.changesCount == 1
    }

    func nextSequence() throws -> Int {
        try self.execute(sql: "UPDATE sequences SET value = value + 1 WHERE name = 'events'")
        return try Int.fetchOne(self.statement("SELECT value FROM sequences WHERE name = 'events'")) ?? 0
    }

    /// Writes everything an event changed.
    func write(_ commit: Commit) throws {
        try self.save(commit.state)
        for file in commit.cases { try self.save(file) }
        for entry in commit.outbox {
            try self.execute(
                sql: "INSERT INTO outbox (id, recipient, body, created_at, status, next_attempt_at) VALUES (?, ?, ?, ?, 'pending', ?)",
                arguments: [entry.id, entry.recipient, try StoredJSON.encode(entry), entry.createdAt.timeIntervalSince1970, entry.createdAt.timeIntervalSince1970])
        }
        for id in commit.cancelledTimers { try self.execute(sql: "DELETE FROM timers WHERE id = ?", arguments: [id]) }
        for timer in commit.timers {
            try self.execute(
                sql: """
                    INSERT INTO timers (id, address, fire_at, body) VALUES (?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET fire_at = excluded.fire_at, body = excluded.body
                    """,
                arguments: [timer.timer.id, timer.address, timer.timer.fireAt.timeIntervalSince1970, try StoredJSON.encode(timer)])
        }
        for participant in commit.newParticipants { try self.save(participant) }
        for id in commit.purgedDocuments {
            try self.execute(sql: "UPDATE documents SET purged_at = ? WHERE id = ?", arguments: [Date().timeIntervalSince1970, id])
        }
        for entry in commit.audit { try self.record(entry) }
        for update in commit.participantChanges {
            guard let person = try self.participant(nik: update.nik) else { continue }
            let people = update.change.coversFamily ? try self.family(kk: person.kk) : [person]
            for member in people { try self.save(update.change.applied(to: member)) }
        }
    }

    /// The hash of the newest audit entry, after chaining any entries written without one (by an instance of an
    /// older version during a rolling upgrade).
    private func chainHead() throws -> String {
        let newest = try Row.fetchOne(self.statement("SELECT hash FROM audit_log ORDER BY sequence DESC LIMIT 1"))
        guard let newest else { return AuditChain.genesis }
        if let hash: String = newest["hash"] { return hash }
        let anchor = try Row.fetchOne(self.statement("SELECT sequence, hash FROM audit_log WHERE hash IS NOT NULL ORDER BY sequence DESC LIMIT 1"))
        var previous: String = anchor?["hash"] ?? AuditChain.genesis
        let after: Int64 = anchor?["sequence"] ?? 0
        for row in try Row.fetchAll(self.statement("SELECT sequence, body FROM audit_log WHERE sequence > ? ORDER BY sequence"), arguments: [after]) {
            previous = AuditChain.link(previous: previous, text: row["body"])
            try self.execute(sql: "UPDATE audit_log SET hash = ? WHERE sequence = ?", arguments: [previous, row["sequence"] as Int64])
        }
        return previous
    }

    // MARK: - Cases

    /// Appends to the audit log, chained to the entry before (one writer at a time, so the chain cannot fork).
    func record(_ entry: AuditEntry) throws {
        let body = try StoredJSON.encode(entry)
        let previous = try self.chainHead()
        try self.execute(
            sql: "INSERT INTO audit_log (at, subject, body, hash) VALUES (?, ?, ?, ?)",
            arguments: [entry.at.timeIntervalSince1970, entry.subject, body, AuditChain.link(previous: previous, text: body)])
    }

    func save(_ file: CaseFile) throws {
        try self.execute(
            sql: """
                INSERT INTO cases (id, citizen, service, state, opened_at, virtual_account, closed_at, stored_documents, due_at, claimed_by, branch, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET state = excluded.state, virtual_account = excluded.virtual_account,
                    closed_at = excluded.closed_at, stored_documents = excluded.stored_documents, due_at = excluded.due_at,
                    claimed_by = excluded.claimed_by, branch = excluded.branch, body = excluded.body
                """,
            arguments: [
                file.id, file.citizen, file.service.rawValue, file.state.rawValue, file.openedAt.timeIntervalSince1970,
                file.virtualAccount, file.closedAt?.timeIntervalSince1970, file.vaultDocumentIDs.isEmpty ? 0 : 1,
                file.dueAt?.timeIntervalSince1970, file.claimedBy, file.branch, try StoredJSON.encode(file),
            ])
    }

    // MARK: - Directory

    func participant(nik: String) throws -> Participant? {
        try String.fetchOne(self.statement("SELECT body FROM participants WHERE nik = ?"), arguments: [nik])
            .map { try StoredJSON.decode(Participant.self, $0) }
    }

    func family(kk: String) throws -> [Participant] {
        try String.fetchAll(self.statement("SELECT body FROM participants WHERE kk = ? ORDER BY nik"), arguments: [kk])
            .map { try StoredJSON.decode(Participant.self, $0) }
    }

    func save(_ participant: Participant) throws {
        try self.execute(
            sql: """
                INSERT INTO participants (nik, kk, body) VALUES (?, ?, ?)
                ON CONFLICT(nik) DO UPDATE SET kk = excluded.kk, body = excluded.body
                """,
            arguments: [participant.nik, participant.kk, try StoredJSON.encode(participant)])
    }

    // MARK: - Outbox

    func updateOutbox(id: String, _ change: (inout OutboxEntry) -> Void) throws {
        guard let body = try String.fetchOne(self.statement("SELECT body FROM outbox WHERE id = ?"), arguments: [id]) else { return }
        var entry = try StoredJSON.decode(OutboxEntry.self, body)
        change(&entry)
        try self.execute(
            sql: "UPDATE outbox SET body = ?, status = ? WHERE id = ?",
            arguments: [try StoredJSON.encode(entry), entry.status.rawValue, id])
    }
}
