import Foundation
import GRDB
import LoketCore
import LoketStore

/// The embedded store: one SQLite file in WAL mode, through GRDB.
package struct SQLiteStore: Store {
    private let database: DatabasePool

    /// Opens (or creates) the database at `path` and brings its schema up to date.
    package init(path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        self.database = try DatabasePool(path: path, configuration: configuration)
        try SQLiteMigrations.migrator.migrate(self.database)
    }

    package func transaction<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try self.database.write { db in try body(SQLiteTransaction(db: db)) }
    }
}

/// The store's operations on one open write transaction.
private struct SQLiteTransaction: StoreTransaction {
    let db: Database

    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    private func json(_ value: some Encodable) throws -> String {
        String(decoding: try Self.encoder.encode(value), as: UTF8.self)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try Self.decoder.decode(type, from: Data(text.utf8))
    }

    // MARK: - Conversations

    func conversation(address: String) throws -> ConversationState? {
        try String.fetchOne(self.db, sql: "SELECT state FROM conversations WHERE address = ?", arguments: [address])
            .map { try self.decode(ConversationState.self, $0) }
    }

    func save(_ conversation: ConversationState) throws {
        try self.db.execute(
            sql: """
                INSERT INTO conversations (address, state, updated_at) VALUES (?, ?, ?)
                ON CONFLICT(address) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
                """,
            arguments: [conversation.address, try self.json(conversation), Date().timeIntervalSince1970])
    }

    func recordInbound(_ message: InboundMessage, receivedAt: Date) throws -> Bool {
        try self.db.execute(
            sql: "INSERT OR IGNORE INTO inbound_messages (id, sender, received_at, body) VALUES (?, ?, ?, ?)",
            arguments: [message.id, message.from, receivedAt.timeIntervalSince1970, try self.json(message)])
        return self.db.changesCount == 1
    }

    // MARK: - Cases

    func save(_ file: CaseFile) throws {
        try self.db.execute(
            sql: """
                INSERT INTO cases (id, citizen, service, state, opened_at, virtual_account, body) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET state = excluded.state, virtual_account = excluded.virtual_account,
                    body = excluded.body
                """,
            arguments: [
                file.id, file.citizen, file.service.rawValue, file.state.rawValue, file.openedAt.timeIntervalSince1970,
                file.virtualAccount, try self.json(file),
            ])
    }

    func caseFile(id: String) throws -> CaseFile? {
        try String.fetchOne(self.db, sql: "SELECT body FROM cases WHERE id = ?", arguments: [id])
            .map { try self.decode(CaseFile.self, $0) }
    }

    func caseAwaitingPayment(virtualAccount: String) throws -> CaseFile? {
        try String.fetchOne(
            self.db,
            sql: "SELECT body FROM cases WHERE virtual_account = ? AND state = 'awaiting_payment' ORDER BY opened_at DESC LIMIT 1",
            arguments: [virtualAccount]
        ).map { try self.decode(CaseFile.self, $0) }
    }

    func cases(in states: [CaseState], limit: Int) throws -> [CaseFile] {
        let marks = Array(repeating: "?", count: states.count).joined(separator: ", ")
        var arguments: [any DatabaseValueConvertible] = states.map(\.rawValue)
        arguments.append(limit)
        return try String.fetchAll(
            self.db, sql: "SELECT body FROM cases WHERE state IN (\(marks)) ORDER BY opened_at, id LIMIT ?",
            arguments: StatementArguments(arguments)
        ).map { try self.decode(CaseFile.self, $0) }
    }

    // MARK: - Outbox

    func enqueue(_ entry: OutboxEntry) throws {
        try self.db.execute(
            sql: "INSERT INTO outbox (id, recipient, body, created_at, status) VALUES (?, ?, ?, ?, ?)",
            arguments: [entry.id, entry.recipient, try self.json(entry), entry.createdAt.timeIntervalSince1970, entry.status.rawValue])
    }

    func pendingOutbox(limit: Int) throws -> [OutboxEntry] {
        try String.fetchAll(
            self.db, sql: "SELECT body FROM outbox WHERE status = 'pending' ORDER BY sequence LIMIT ?", arguments: [limit]
        ).map { try self.decode(OutboxEntry.self, $0) }
    }

    func markDelivered(_ id: String) throws {
        try self.db.execute(sql: "UPDATE outbox SET status = 'delivered' WHERE id = ?", arguments: [id])
    }

    // MARK: - Timers

    func schedule(_ timer: ScheduledTimer) throws {
        try self.db.execute(
            sql: """
                INSERT INTO timers (id, address, fire_at, body) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET fire_at = excluded.fire_at, body = excluded.body
                """,
            arguments: [timer.timer.id, timer.address, timer.timer.fireAt.timeIntervalSince1970, try self.json(timer)])
    }

    func cancelTimer(id: String) throws {
        try self.db.execute(sql: "DELETE FROM timers WHERE id = ?", arguments: [id])
    }

    func dueTimers(at moment: Date) throws -> [ScheduledTimer] {
        try String.fetchAll(
            self.db, sql: "SELECT body FROM timers WHERE fire_at <= ? ORDER BY fire_at, id",
            arguments: [moment.timeIntervalSince1970]
        ).map { try self.decode(ScheduledTimer.self, $0) }
    }

    // MARK: - Directory

    func participant(nik: String) throws -> Participant? {
        try String.fetchOne(self.db, sql: "SELECT body FROM participants WHERE nik = ?", arguments: [nik])
            .map { try self.decode(Participant.self, $0) }
    }

    func family(kk: String) throws -> [Participant] {
        try String.fetchAll(self.db, sql: "SELECT body FROM participants WHERE kk = ? ORDER BY nik", arguments: [kk])
            .map { try self.decode(Participant.self, $0) }
    }

    func save(_ participant: Participant) throws {
        try self.db.execute(
            sql: """
                INSERT INTO participants (nik, kk, body) VALUES (?, ?, ?)
                ON CONFLICT(nik) DO UPDATE SET kk = excluded.kk, body = excluded.body
                """,
            arguments: [participant.nik, participant.kk, try self.json(participant)])
    }

    // MARK: - Ids

    func nextSequence() throws -> Int {
        try self.db.execute(sql: "UPDATE sequences SET value = value + 1 WHERE name = 'events'")
        return try Int.fetchOne(self.db, sql: "SELECT value FROM sequences WHERE name = 'events'") ?? 0
    }
}
