import Foundation
import LoketCore
import LoketStore
import Logging
import PostgresNIO

/// The reads and writes of one PostgreSQL connection (inside a transaction where it matters).
struct PostgresRows {
    let connection: PostgresConnection
    let logger: Logger

    func json(_ value: some Encodable) throws -> String {
        try StoredJSON.encode(value)
    }

    /// Runs a query whose single column is a JSON body, and decodes every row.
    func bodies<T: Decodable>(_ type: T.Type, _ query: PostgresQuery) async throws -> [T] {
        var values: [T] = []
        for try await text in try await self.connection.query(query, logger: self.logger).decode(String.self) {
            values.append(try StoredJSON.decode(type, text))
        }
        return values
    }

    /// Whether a query returned any row.
    private func returnsRow(_ query: PostgresQuery) async throws -> Bool {
        let rows = try await self.connection.query(query, logger: self.logger)
        for try await _ in rows { return true }
        return false
    }

    // MARK: - Conversations and events

    /// Holds the conversation's lock until the transaction ends.
    func lockConversation(_ address: String) async throws {
        try await self.connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(address), 0))", logger: self.logger)
    }

    func conversation(address: String) async throws -> ConversationState? {
        try await self.bodies(ConversationState.self, "SELECT state::text FROM conversations WHERE address = \(address)").first
    }

    func save(_ conversation: ConversationState) async throws {
        let state = try self.json(conversation)
        try await self.connection.query(
            """
            INSERT INTO conversations (address, state, updated_at) VALUES (\(conversation.address), \(state)::jsonb, now())
            ON CONFLICT (address) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
            """, logger: self.logger)
    }

    func hasPayment(reference: String) async throws -> Bool {
        try await self.returnsRow("SELECT 1 FROM payments WHERE reference = \(reference)")
    }

    func hasInbound(id: String) async throws -> Bool {
        try await self.returnsRow("SELECT 1 FROM inbound_messages WHERE id = \(id)")
    }

    func recordInbound(_ message: InboundMessage, request: CommitRequest) async throws -> Bool {
        let body = try self.json(message)
        let platform = request.platformTimestamp?.timeIntervalSince1970
        return try await self.returnsRow(
            """
            INSERT INTO inbound_messages (id, sender, received_at, platform_timestamp, body)
            VALUES (\(message.id), \(message.from), \(request.receivedAt.timeIntervalSince1970), \(platform), \(body)::jsonb)
            ON CONFLICT (id) DO NOTHING RETURNING id
            """)
    }

    /// Whether a timer is still stored and due (another firing has not removed or moved it).
    func isDue(timer id: String, at moment: Date) async throws -> Bool {
        try await self.returnsRow("SELECT 1 FROM timers WHERE id = \(id) AND fire_at <= \(moment.timeIntervalSince1970)")
    }

    func recordPayment(_ payment: Payment, request: CommitRequest) async throws -> Bool {
        try await self.returnsRow(
            """
            INSERT INTO payments (reference, virtual_account, amount, received_at)
            VALUES (\(payment.reference), \(payment.virtualAccount), \(payment.amount), \(request.receivedAt.timeIntervalSince1970))
            ON CONFLICT (reference) DO NOTHING RETURNING reference
            """)
    }

    func nextSequence() async throws -> Int {
        for try await value in try await self.connection.query("SELECT nextval('event_sequence')", logger: self.logger).decode(Int.self) {
            return value
        }
        throw StoreError(.unusable, "the event sequence returned nothing")
    }

    /// Writes everything an event changed.
    func write(_ commit: Commit) async throws {
        try await self.save(commit.state)
        for file in commit.cases { try await self.save(file) }
        for entry in commit.outbox {
            let body = try self.json(entry)
            let created = entry.createdAt.timeIntervalSince1970
            try await self.connection.query(
                """
                INSERT INTO outbox (id, recipient, body, created_at, status, next_attempt_at)
                VALUES (\(entry.id), \(entry.recipient), \(body)::jsonb, \(created), 'pending', \(created))
                """, logger: self.logger)
        }
        for id in commit.cancelledTimers {
            try await self.connection.query("DELETE FROM timers WHERE id = \(id)", logger: self.logger)
        }
        for timer in commit.timers {
            let body = try self.json(timer)
            try await self.connection.query(
                """
                INSERT INTO timers (id, address, fire_at, body) VALUES (\(timer.timer.id), \(timer.address), \(timer.timer.fireAt.timeIntervalSince1970), \(body)::jsonb)
                ON CONFLICT (id) DO UPDATE SET fire_at = excluded.fire_at, body = excluded.body
                """, logger: self.logger)
        }
        for participant in commit.newParticipants { try await self.save(participant) }
        for id in commit.purgedDocuments {
            try await self.connection.query("UPDATE documents SET purged_at = \(Date().timeIntervalSince1970) WHERE id = \(id)", logger: self.logger)
        }
        for entry in commit.audit { try await self.record(entry) }
        for update in commit.participantChanges {
            guard let person = try await self.participant(nik: update.nik) else { continue }
            let people = update.change.coversFamily ? try await self.family(kk: person.kk) : [person]
            for member in people { try await self.save(update.change.applied(to: member)) }
        }
    }

    // MARK: - Cases

    func save(_ file: CaseFile) async throws {
        let body = try self.json(file)
        try await self.connection.query(
            """
            INSERT INTO cases (id, citizen, service, state, opened_at, virtual_account, closed_at, stored_documents, due_at, claimed_by, branch, body)
            VALUES (\(file.id), \(file.citizen), \(file.service.rawValue), \(file.state.rawValue), \(file.openedAt.timeIntervalSince1970),
                \(file.virtualAccount), \(file.closedAt?.timeIntervalSince1970), \(!file.vaultDocumentIDs.isEmpty),
                \(file.dueAt?.timeIntervalSince1970), \(file.claimedBy), \(file.branch), \(body)::jsonb)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, virtual_account = excluded.virtual_account,
                closed_at = excluded.closed_at, stored_documents = excluded.stored_documents, due_at = excluded.due_at,
                claimed_by = excluded.claimed_by, branch = excluded.branch, body = excluded.body
            """, logger: self.logger)
    }

    /// Appends to the audit log, chained to the entry before. The chain hashes the entry as PostgreSQL stores it
    /// (`body::text`); a lock held to the end of the transaction keeps instances from forking the chain, so this
    /// runs inside one.
    func record(_ entry: AuditEntry) async throws {
        let body = try self.json(entry)
        try await self.connection.query("SELECT pg_advisory_xact_lock(\(Self.auditChainLock))", logger: self.logger)
        let previous = try await self.chainHead()
        let stored = try await self.connection.query("SELECT (\(body)::jsonb)::text", logger: self.logger)
        var text = body
        for try await value in stored.decode(String.self) { text = value }
        try await self.connection.query(
            """
            INSERT INTO audit_log (at, subject, body, hash)
            VALUES (\(entry.at.timeIntervalSince1970), \(entry.subject), \(body)::jsonb, \(AuditChain.link(previous: previous, text: text)))
            """,
            logger: self.logger)
    }

    /// The hash of the newest audit entry, after chaining any entries written without one (by an instance of an
    /// older version during a rolling upgrade). Runs under the chain's lock.
    private func chainHead() async throws -> String {
        var newest: String?? = .none
        for try await hash in try await self.connection.query("SELECT hash FROM audit_log ORDER BY sequence DESC LIMIT 1", logger: self.logger)
            .decode(String?.self)
        { newest = .some(hash) }
        guard case .some(let hash) = newest else { return AuditChain.genesis }
        if let hash { return hash }
        var previous = AuditChain.genesis
        var after: Int64 = 0
        for try await (sequence, hash) in try await self.connection.query(
            "SELECT sequence, hash FROM audit_log WHERE hash IS NOT NULL ORDER BY sequence DESC LIMIT 1", logger: self.logger
        ).decode((Int64, String).self) { (after, previous) = (sequence, hash) }
        var tail: [(Int64, String)] = []
        for try await row in try await self.connection.query(
            "SELECT sequence, body::text FROM audit_log WHERE sequence > \(after) ORDER BY sequence", logger: self.logger
        ).decode((Int64, String).self) { tail.append(row) }
        for (sequence, text) in tail {
            previous = AuditChain.link(previous: previous, text: text)
            try await self.connection.query("UPDATE audit_log SET hash = \(previous) WHERE sequence = \(sequence)", logger: self.logger)
        }
        return previous
    }

    /// The advisory lock that orders appends to the audit log.
    static let auditChainLock = 7_200_200

    // MARK: - Directory

    func participant(nik: String) async throws -> Participant? {
        try await self.bodies(Participant.self, "SELECT body::text FROM participants WHERE nik = \(nik)").first
    }

    func family(kk: String) async throws -> [Participant] {
        try await self.bodies(Participant.self, "SELECT body::text FROM participants WHERE kk = \(kk) ORDER BY nik")
    }

    func save(_ participant: Participant) async throws {
        let body = try self.json(participant)
        try await self.connection.query(
            """
            INSERT INTO participants (nik, kk, body) VALUES (\(participant.nik), \(participant.kk), \(body)::jsonb)
            ON CONFLICT (nik) DO UPDATE SET kk = excluded.kk, body = excluded.body
            """, logger: self.logger)
    }

    // MARK: - Outbox

    func outboxStatus(id: String) async throws -> String? {
        for try await status in try await self.connection.query("SELECT status FROM outbox WHERE id = \(id)", logger: self.logger).decode(String.self) {
            return status
        }
        return nil
    }

    func updateOutbox(id: String, _ change: (inout OutboxEntry) -> Void) async throws {
        guard var entry = try await self.bodies(OutboxEntry.self, "SELECT body::text FROM outbox WHERE id = \(id) FOR UPDATE").first else {
            return
        }
        change(&entry)
        let body = try self.json(entry)
        try await self.connection.query(
            "UPDATE outbox SET body = \(body)::jsonb, status = \(entry.status.rawValue) WHERE id = \(id)", logger: self.logger)
    }
}
