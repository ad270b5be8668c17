import Foundation
import LoketCore
import LoketStore
import Logging
import PostgresNIO

/// The store for several instances: PostgreSQL through postgres-nio's connection pool.
///
/// Every ``commit(_:decide:)`` takes a transaction-scoped advisory lock on the conversation's address, so events of
/// one conversation are handled one at a time and in order across every instance that shares the database.
///
/// - Important: the pool works only while ``run()`` runs (it is a long-running service); start it before use.
package struct PostgresStore: Store {
    let client: PostgresClient
    let logger: Logger

    /// Connects to `url` (`postgres://user:password@host:port/database`).
    /// - Throws: ``StoreError`` when the URL cannot be read.
    package init(url: String, logger: Logger = Logger(label: "loket.postgres")) throws {
        let configuration = try PostgresURL.configuration(url)
        // The pool warns when a lease arrives before `run()` has started, which is the normal order at start-up;
        // its own background messages are kept to errors.
        var background = logger
        background.logLevel = .error
        self.client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.logger = logger
    }

    /// Runs the connection pool until the surrounding task is cancelled.
    package func run() async {
        await self.client.run()
    }

    /// Brings the schema up to date; several instances starting together migrate once.
    package func migrate() async throws {
        try await self.transaction { connection in
            try await PostgresMigrations.apply(on: connection, logger: self.logger)
        }
    }

    /// The schema versions applied, oldest first.
    package func appliedMigrations() async throws -> [String] {
        try await self.client.withConnection { connection in
            try await PostgresMigrations.applied(on: connection, logger: self.logger)
        }
    }

    /// Empties every table, for a scratch database (transcript replays, tests).
    package func eraseEverything() async throws {
        try await self.transaction { connection in
            try await connection.query(
                "TRUNCATE conversations, inbound_messages, payments, cases, outbox, timers, participants, documents, audit_log, officers",
                logger: self.logger)
            try await connection.query("ALTER SEQUENCE event_sequence RESTART WITH 1", logger: self.logger)
        }
    }

    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await self.client.withTransaction(logger: self.logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.beginError ?? error.commitError ?? error
        }
    }

    // MARK: - Writes

    package func commit<Decision: Sendable>(
        _ request: CommitRequest,
        decide: @escaping @Sendable (ConversationState, Int) throws -> (Commit, Decision)
    ) async throws -> Decision? {
        try await self.transaction { connection in
            let rows = PostgresRows(connection: connection, logger: self.logger)
            try await rows.lockConversation(request.address)
            if let inbound = request.inbound, try await !rows.recordInbound(inbound, request: request) { return nil }
            if let payment = request.payment, try await !rows.recordPayment(payment, request: request) { return nil }
            // Under the conversation's lock: a second instance firing the same timer finds it gone.
            if let timer = request.timer, try await !rows.isDue(timer: timer, at: request.receivedAt) { return nil }
            let state = try await rows.conversation(address: request.address) ?? ConversationState(address: request.address)
            let (commit, decision) = try decide(state, try await rows.nextSequence())
            try await rows.write(commit)
            return decision
        }
    }

    package func seedParticipants(_ participants: [Participant]) async throws -> Int {
        try await self.transaction { connection in
            let rows = PostgresRows(connection: connection, logger: self.logger)
            var added = 0
            for participant in participants where try await rows.participant(nik: participant.nik) == nil {
                try await rows.save(participant)
                added += 1
            }
            return added
        }
    }

    package func saveParticipants(_ participants: [Participant]) async throws {
        try await self.transaction { connection in
            let rows = PostgresRows(connection: connection, logger: self.logger)
            for participant in participants { try await rows.save(participant) }
        }
    }

    package func saveParticipant(_ participant: Participant) async throws {
        try await self.transaction { connection in
            try await PostgresRows(connection: connection, logger: self.logger).save(participant)
        }
    }

    package func importCase(_ file: CaseFile) async throws {
        try await self.transaction { connection in
            let rows = PostgresRows(connection: connection, logger: self.logger)
            try await rows.lockConversation(file.citizen)
            var conversation = try await rows.conversation(address: file.citizen) ?? ConversationState(address: file.citizen)
            conversation.cases.append(file)
            try await rows.save(conversation)
            try await rows.save(file)
        }
    }

    package func importCases(_ files: [CaseFile]) async throws {
        try await self.transaction { connection in
            let rows = PostgresRows(connection: connection, logger: self.logger)
            for file in files { try await rows.save(file) }
        }
    }

    // MARK: - Reads

    /// Runs one statement on its own.
    func execute(_ query: PostgresQuery) async throws {
        try await self.client.withConnection { connection in
            _ = try await connection.query(query, logger: self.logger)
        }
    }

    func read<T: Sendable>(_ body: (PostgresRows) async throws -> T) async throws -> T {
        try await self.client.withConnection { connection in
            try await body(PostgresRows(connection: connection, logger: self.logger))
        }
    }

    package func hasRecordedPayment(reference: String) async throws -> Bool {
        try await self.read { try await $0.hasPayment(reference: reference) }
    }

    package func hasReceived(messageID: String) async throws -> Bool {
        try await self.read { try await $0.hasInbound(id: messageID) }
    }

    package func conversation(address: String) async throws -> ConversationState? {
        try await self.read { try await $0.conversation(address: address) }
    }

    package func caseFile(id: String) async throws -> CaseFile? {
        try await self.read { try await $0.bodies(CaseFile.self, "SELECT body::text FROM cases WHERE id = \(id)").first }
    }

    package func caseAwaitingPayment(virtualAccount: String) async throws -> CaseFile? {
        try await self.read { rows in
            try await rows.bodies(
                CaseFile.self,
                "SELECT body::text FROM cases WHERE virtual_account = \(virtualAccount) AND state = 'awaiting_payment' ORDER BY opened_at DESC LIMIT 1"
            ).first
        }
    }

    package func cases(in states: [CaseState], limit: Int) async throws -> [CaseFile] {
        let names = states.map(\.rawValue)
        return try await self.read { rows in
            try await rows.bodies(
                CaseFile.self, "SELECT body::text FROM cases WHERE state = ANY(\(names)) ORDER BY opened_at, id LIMIT \(limit)")
        }
    }

    package func directoryRecord(nik: String) async throws -> DirectoryRecord? {
        try await self.read { rows in
            guard let person = try await rows.participant(nik: nik) else { return nil }
            return DirectoryRecord(participant: person, family: try await rows.family(kk: person.kk))
        }
    }

    // MARK: - Outbox

    package func leaseOutbox(now: Date, limit: Int, leaseSeconds: Int) async throws -> [OutboxEntry] {
        let moment = now.timeIntervalSince1970
        let until = moment + Double(leaseSeconds)
        return try await self.read { rows in
            // The first pending reply of each recipient, oldest first; the conditional update wins the lease for one
            // dispatcher only. Its conditions are checked again on the row as another dispatcher may just have left it
            // (PostgreSQL re-reads a row changed since the subquery's snapshot): delivered or failed in the meantime,
            // it is not leased again.
            try await rows.bodies(
                OutboxEntry.self,
                """
                UPDATE outbox SET leased_until = \(until)
                WHERE id IN (
                    SELECT id FROM outbox o
                    WHERE status = 'pending' AND next_attempt_at <= \(moment) AND coalesce(leased_until, 0) <= \(moment)
                        AND NOT EXISTS (
                            SELECT 1 FROM outbox f WHERE f.status = 'pending' AND f.recipient = o.recipient AND f.sequence < o.sequence)
                    ORDER BY sequence LIMIT \(limit)
                ) AND status = 'pending' AND next_attempt_at <= \(moment) AND coalesce(leased_until, 0) <= \(moment)
                RETURNING body::text
                """)
        }
    }

    package func markDelivered(id: String, at moment: Date, platformID: String?) async throws {
        try await self.transaction { connection in
            let rows = PostgresRows(connection: connection, logger: self.logger)
            try await rows.updateOutbox(id: id) { entry in
                entry.status = .delivered
                entry.platformID = platformID
            }
            try await connection.query(
                "UPDATE outbox SET delivered_at = \(moment.timeIntervalSince1970), leased_until = NULL, platform_id = \(platformID) WHERE id = \(id)",
                logger: self.logger)
        }
    }

    package func recordDeliveryStatus(platformID: String, status: String, at moment: Date) async throws -> Bool {
        try await self.transaction { connection in
            let rows = PostgresRows(connection: connection, logger: self.logger)
            var found: String?
            for try await id in try await connection.query("SELECT id FROM outbox WHERE platform_id = \(platformID)", logger: self.logger)
                .decode(String.self)
            {
                found = id
            }
            guard let id = found else { return false }
            try await rows.updateOutbox(id: id) { $0.platformStatus = status }
            return true
        }
    }

    package func markFailed(id: String, error: String, retryAt: Date?) async throws {
        try await self.transaction { connection in
            let rows = PostgresRows(connection: connection, logger: self.logger)
            try await rows.updateOutbox(id: id) { entry in
                entry.attempts += 1
                entry.lastError = error
                if retryAt == nil { entry.status = .dead }
            }
            let next = (retryAt ?? Date.distantFuture).timeIntervalSince1970
            try await connection.query("UPDATE outbox SET next_attempt_at = \(next), leased_until = NULL WHERE id = \(id)", logger: self.logger)
        }
    }

    package func deadLetters(limit: Int) async throws -> [OutboxEntry] {
        try await self.read { rows in
            try await rows.bodies(OutboxEntry.self, "SELECT body::text FROM outbox WHERE status = 'dead' ORDER BY sequence LIMIT \(limit)")
        }
    }

    package func outbox(recipient: String, limit: Int) async throws -> [OutboxEntry] {
        try await self.read { rows in
            try await rows.bodies(OutboxEntry.self, "SELECT body::text FROM outbox WHERE recipient = \(recipient) ORDER BY sequence LIMIT \(limit)")
        }
    }

    package func retryDeadLetter(id: String, at moment: Date) async throws -> Bool {
        try await self.transaction { connection in
            let rows = PostgresRows(connection: connection, logger: self.logger)
            guard try await rows.outboxStatus(id: id) == OutboxEntry.Status.dead.rawValue else { return false }
            try await rows.updateOutbox(id: id) { entry in
                entry.status = .pending
                entry.attempts = 0
            }
            try await connection.query("UPDATE outbox SET next_attempt_at = \(moment.timeIntervalSince1970) WHERE id = \(id)", logger: self.logger)
            return true
        }
    }

    // MARK: - Documents and audit

    package func recordDocument(_ document: StoredDocument) async throws {
        let body = try StoredJSON.encode(document)
        try await self.execute(
            """
            INSERT INTO documents (id, citizen, body, stored_at)
            VALUES (\(document.id), \(document.citizen), \(body)::jsonb, \(document.storedAt.timeIntervalSince1970))
            """)
    }

    package func closedCasesWithDocuments(closedBefore moment: Date, limit: Int) async throws -> [CaseFile] {
        try await self.read { rows in
            try await rows.bodies(
                CaseFile.self,
                "SELECT body::text FROM cases WHERE stored_documents AND closed_at < \(moment.timeIntervalSince1970) ORDER BY closed_at LIMIT \(limit)")
        }
    }

    package func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await self.read { rows in
            try await rows.bodies(AuditEntry.self, "SELECT body::text FROM audit_log ORDER BY sequence DESC LIMIT \(limit)")
        }
    }

    // MARK: - Officers

    package func saveOfficer(_ officer: Officer) async throws {
        let body = try StoredJSON.encode(officer)
        try await self.execute(
            """
            INSERT INTO officers (name, role, body) VALUES (\(officer.name), \(officer.role.rawValue), \(body)::jsonb)
            ON CONFLICT (name) DO UPDATE SET role = excluded.role, body = excluded.body
            """)
    }

    package func officer(name: String) async throws -> Officer? {
        try await self.read { try await $0.bodies(Officer.self, "SELECT body::text FROM officers WHERE name = \(name)").first }
    }

    package func officers() async throws -> [Officer] {
        try await self.read { try await $0.bodies(Officer.self, "SELECT body::text FROM officers ORDER BY name") }
    }

    // MARK: - Statistics

    package func migrationsAreCurrent() async throws -> Bool {
        Set(try await self.appliedMigrations()).isSuperset(of: PostgresMigrations.all.map(\.name))
    }

    package func statistics(at moment: Date) async throws -> StoreStatistics {
        try await self.client.withConnection { connection in
            var pending = 0
            var oldest: Double?
            var dead = 0
            let outbox = try await connection.query(
                "SELECT count(*) FILTER (WHERE status = 'pending'), min(created_at) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'dead') FROM outbox",
                logger: self.logger)
            for try await (waiting, first, given) in outbox.decode((Int, Double?, Int).self) {
                (pending, oldest, dead) = (waiting, first, given)
            }
            var cases: [String: Int] = [:]
            for try await (state, count) in try await connection.query("SELECT state, count(*) FROM cases GROUP BY state", logger: self.logger)
                .decode((String, Int).self)
            {
                cases[state] = count
            }
            return StoreStatistics(
                outboxPending: pending, oldestPendingSeconds: oldest.map { max(0, moment.timeIntervalSince1970 - $0) } ?? 0,
                deadLetters: dead, casesByState: cases)
        }
    }

    // MARK: - Timers

    package func dueTimers(at moment: Date, limit: Int) async throws -> [ScheduledTimer] {
        try await self.read { rows in
            try await rows.bodies(
                ScheduledTimer.self,
                "SELECT body::text FROM timers WHERE fire_at <= \(moment.timeIntervalSince1970) ORDER BY fire_at, id LIMIT \(limit)")
        }
    }
}
