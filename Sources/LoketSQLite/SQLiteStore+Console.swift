import Foundation
import GRDB
import LoketCore
import LoketStore

/// The officer console's reads and writes: the queue in SLA order, view audits and sessions.
extension SQLiteStore {
    package func queue(_ filter: QueueFilter, limit: Int, offset: Int) async throws -> [CaseFile] {
        try await self.database.read { db in
            let (condition, arguments) = Self.condition(filter)
            return try String.fetchAll(
                db, sql: "SELECT body FROM cases INDEXED BY \(Self.index(filter)) WHERE \(condition) ORDER BY due_at, id LIMIT ? OFFSET ?",
                arguments: arguments + [limit, offset]
            ).map { try StoredJSON.decode(CaseFile.self, $0) }
        }
    }

    package func queueCounts(_ filter: QueueFilter, at moment: Date) async throws -> QueueCounts {
        try await self.database.read { db in
            let (condition, arguments) = Self.condition(filter)
            let cases = "cases INDEXED BY \(Self.index(filter))"
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(cases) WHERE \(condition)", arguments: arguments) ?? 0
            let overdue = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM \(cases) WHERE \(condition) AND due_at < ?", arguments: arguments + [moment.timeIntervalSince1970]) ?? 0
            return QueueCounts(total: total, overdue: overdue)
        }
    }

    /// The index that serves a filter in SLA order. Named, because without statistics (no `ANALYZE` has run) SQLite
    /// picks the index on state alone for `state IN (…)` and sorts every open case for each page.
    private static func index(_ filter: QueueFilter) -> String {
        switch (filter.state, filter.claimedBy, filter.service, filter.branch) {
        case (nil, nil, nil, nil): "cases_queue"
        case (nil, nil, nil, _): "cases_queue_by_branch"
        case (nil, nil, _, _): "cases_queue_by_service"
        case (nil, _, _, _): "cases_by_claimant"
        default: "cases_by_state_in_sla_order"
        }
    }

    /// The WHERE clause of a queue filter, and its arguments. The states are written out, not bound, so that SQLite
    /// sees they match the partial indexes of the migrations (`state IN ('queued', 'claimed')`).
    private static func condition(_ filter: QueueFilter) -> (String, StatementArguments) {
        let states = filter.states.map { "'\($0.rawValue)'" }
        var clauses = [states.count == 1 ? "state = \(states[0])" : "state IN (\(states.joined(separator: ", ")))"]
        var arguments = StatementArguments()
        if let service = filter.service {
            clauses.append("service = ?")
            arguments += [service.rawValue]
        }
        if let officer = filter.claimedBy {
            clauses.append("claimed_by = ?")
            arguments += [officer]
        }
        if let branch = filter.branch {
            clauses.append("branch = ?")
            arguments += [branch]
        }
        return (clauses.joined(separator: " AND "), arguments)
    }

    package func inboundMessages(sender: String, limit: Int) async throws -> [ReceivedMessage] {
        try await self.database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT body, received_at FROM inbound_messages WHERE sender = ? ORDER BY received_at DESC, id DESC LIMIT ?",
                arguments: [sender, limit]
            ).reversed().map { row in
                ReceivedMessage(message: try StoredJSON.decode(InboundMessage.self, row["body"]), receivedAt: Date(timeIntervalSince1970: row["received_at"]))
            }
        }
    }

    package func recordAudit(_ entry: AuditEntry) async throws {
        try await self.database.write { db in try SQLiteRows(db: db).record(entry) }
    }

    package func auditLog(subject: String, limit: Int) async throws -> [AuditEntry] {
        try await self.database.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM audit_log WHERE subject = ? ORDER BY sequence LIMIT ?", arguments: [subject, limit])
                .map { try StoredJSON.decode(AuditEntry.self, $0) }
        }
    }

    package func saveSession(_ session: OfficerSession) async throws {
        try await self.database.write { db in
            // Expired sessions are swept as new ones begin.
            try db.execute(sql: "DELETE FROM officer_sessions WHERE expires_at < ?", arguments: [Date().timeIntervalSince1970])
            try db.execute(
                sql: "INSERT OR REPLACE INTO officer_sessions (token_hash, officer, expires_at, body) VALUES (?, ?, ?, ?)",
                arguments: [session.tokenHash, session.officer, session.expiresAt.timeIntervalSince1970, try StoredJSON.encode(session)])
        }
    }

    package func session(tokenHash: String, at moment: Date) async throws -> OfficerSession? {
        try await self.database.read { db in
            try String.fetchOne(
                db, sql: "SELECT body FROM officer_sessions WHERE token_hash = ? AND expires_at > ?",
                arguments: [tokenHash, moment.timeIntervalSince1970]
            ).map { try StoredJSON.decode(OfficerSession.self, $0) }
        }
    }

    package func deleteSession(tokenHash: String) async throws {
        try await self.database.write { db in try db.execute(sql: "DELETE FROM officer_sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }
}

/// The supervisor's view: backlog by service and age, decisions per officer, the backlog over the days.
extension SQLiteStore {
    package func backlog(at moment: Date) async throws -> [BacklogCount] {
        try await self.database.read { db in
            let now = moment.timeIntervalSince1970
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT service, CASE WHEN opened_at > ? THEN 0 WHEN opened_at > ? THEN 1 ELSE 2 END AS age, count(*) AS n
                    FROM cases INDEXED BY cases_queue_by_service WHERE state IN ('queued', 'claimed') GROUP BY service, age
                    """,
                arguments: [now - 86_400, now - 3 * 86_400]
            ).compactMap { row in
                guard let service = Intent(rawValue: row["service"]), let age = BacklogCount.Age(rawValue: row["age"]) else { return nil }
                return BacklogCount(service: service, age: age, count: row["n"])
            }
        }
    }

    package func decisionCounts(since moment: Date) async throws -> [DecisionCount] {
        try await self.database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT json_extract(body, '$.actor') AS actor, json_extract(body, '$.action') AS action, count(*) AS n FROM audit_log
                    WHERE at >= ? AND json_extract(body, '$.actor') LIKE 'officer:%'
                        AND json_extract(body, '$.action') IN ('approve', 'reject', 'close', 'ask', 'reply', 'hand_back')
                    GROUP BY actor, action ORDER BY actor, action
                    """,
                arguments: [moment.timeIntervalSince1970]
            ).map { row in
                DecisionCount(officer: String((row["actor"] as String).dropFirst("officer:".count)), action: row["action"], count: row["n"])
            }
        }
    }

    package func recordBacklog(day: String, waiting: Int) async throws {
        try await self.database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO backlog_history (day, waiting) VALUES (?, ?)", arguments: [day, waiting])
        }
    }

    package func backlogHistory(days: Int) async throws -> [(day: String, waiting: Int)] {
        try await self.database.read { db in
            try Row.fetchAll(db, sql: "SELECT day, waiting FROM backlog_history ORDER BY day DESC LIMIT ?", arguments: [days])
                .map { (day: $0["day"] as String, waiting: $0["waiting"] as Int) }.reversed()
        }
    }
}
