import Foundation
import LoketCore
import LoketStore
import PostgresNIO

/// The officer console's reads and writes: the queue in SLA order, view audits and sessions.
extension PostgresStore {
    package func queue(_ filter: QueueFilter, limit: Int, offset: Int) async throws -> [CaseFile] {
        let page = Self.query("SELECT body::text FROM cases", filter, then: "ORDER BY due_at, id LIMIT \(limit) OFFSET \(offset)")
        return try await self.read { try await $0.bodies(CaseFile.self, page) }
    }

    package func queueCounts(_ filter: QueueFilter, at moment: Date) async throws -> QueueCounts {
        let counts = Self.query("SELECT count(*), count(*) FILTER (WHERE due_at < \(moment.timeIntervalSince1970)) FROM cases", filter)
        return try await self.client.withConnection { connection in
            for try await (total, overdue) in try await connection.query(counts, logger: self.logger).decode((Int, Int).self) {
                return QueueCounts(total: total, overdue: overdue)
            }
            return QueueCounts(total: 0, overdue: 0)
        }
    }

    /// `select` over the cases a filter matches, followed by `then`. The states are written out, not bound, so that
    /// PostgreSQL uses the partial indexes of the migrations (`state IN ('queued', 'claimed')`); the numbers put
    /// in `select` and `then` come from Loket, never from a request.
    private static func query(_ select: String, _ filter: QueueFilter, then rest: String = "") -> PostgresQuery {
        let states = filter.states.map { "'\($0.rawValue)'" }
        var clauses = [states.count == 1 ? "state = \(states[0])" : "state IN (\(states.joined(separator: ", ")))"]
        var binds = PostgresBindings()
        if let service = filter.service {
            binds.append(service.rawValue)
            clauses.append("service = $\(binds.count)")
        }
        if let officer = filter.claimedBy {
            binds.append(officer)
            clauses.append("claimed_by = $\(binds.count)")
        }
        if let branch = filter.branch {
            binds.append(branch)
            clauses.append("branch = $\(binds.count)")
        }
        return PostgresQuery(unsafeSQL: "\(select) WHERE \(clauses.joined(separator: " AND ")) \(rest)", binds: binds)
    }

    package func inboundMessages(sender: String, limit: Int) async throws -> [ReceivedMessage] {
        try await self.client.withConnection { connection in
            var received: [ReceivedMessage] = []
            let rows = try await connection.query(
                "SELECT body::text, received_at FROM inbound_messages WHERE sender = \(sender) ORDER BY received_at DESC, id DESC LIMIT \(limit)",
                logger: self.logger)
            for try await (body, at) in rows.decode((String, Double).self) {
                received.append(ReceivedMessage(message: try StoredJSON.decode(InboundMessage.self, body), receivedAt: Date(timeIntervalSince1970: at)))
            }
            return received.reversed()
        }
    }

    package func recordAudit(_ entry: AuditEntry) async throws {
        try await self.transaction { connection in
            try await PostgresRows(connection: connection, logger: self.logger).record(entry)
        }
    }

    package func citizenAddresses(nik: String) async throws -> [String] {
        try await self.client.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT citizen FROM cases WHERE body->>'nik' = \(nik) AND citizen <> \(CitizenErasure.erasedAddress)
                UNION SELECT address FROM conversations WHERE state->'verified'->'record'->'participant'->>'nik' = \(nik)
                ORDER BY 1
                """, logger: self.logger)
            var addresses: [String] = []
            for try await address in rows.decode(String.self) { addresses.append(address) }
            return addresses
        }
    }

    package func erase(addresses: [String], at moment: Date, audit: AuditEntry) async throws -> [String] {
        try await self.transaction { connection in
            let rows = PostgresRows(connection: connection, logger: self.logger)
            var documents: [String] = []
            for address in addresses {
                // The conversation's lock: no event of this citizen commits halfway through the erasure.
                try await rows.lockConversation(address)
                var ids: [String] = []
                for try await id in try await connection.query("SELECT id FROM inbound_messages WHERE sender = \(address)", logger: self.logger)
                    .decode(String.self)
                { ids.append(id) }
                for id in ids {
                    let body = try StoredJSON.encode(CitizenErasure.erased(id))
                    try await connection.query(
                        "UPDATE inbound_messages SET sender = \(CitizenErasure.erasedAddress), body = \(body)::jsonb WHERE id = \(id)",
                        logger: self.logger)
                }
                for file in try await rows.bodies(CaseFile.self, "SELECT body::text FROM cases WHERE citizen = \(address)") {
                    documents += file.vaultDocumentIDs
                    try await rows.save(file.erased(at: moment))
                }
                for try await id in try await connection.query(
                    "SELECT id FROM documents WHERE citizen = \(address) AND purged_at IS NULL", logger: self.logger
                ).decode(String.self) { documents.append(id) }
                try await connection.query("DELETE FROM outbox WHERE recipient = \(address)", logger: self.logger)
                try await connection.query("DELETE FROM timers WHERE address = \(address)", logger: self.logger)
                try await connection.query("DELETE FROM conversations WHERE address = \(address)", logger: self.logger)
            }
            let unique = Array(Set(documents)).sorted()
            try await connection.query(
                """
                UPDATE documents SET citizen = \(CitizenErasure.erasedAddress), purged_at = \(moment.timeIntervalSince1970)
                WHERE id = ANY(\(unique))
                """, logger: self.logger)
            try await rows.record(audit)
            return unique
        }
    }

    package func auditLinks(after sequence: Int64, limit: Int) async throws -> [AuditLink] {
        try await self.client.withConnection { connection in
            let rows = try await connection.query(
                "SELECT sequence, body::text, hash FROM audit_log WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)",
                logger: self.logger)
            var links: [AuditLink] = []
            for try await (sequence, text, hash) in rows.decode((Int64, String, String?).self) {
                links.append(AuditLink(sequence: sequence, text: text, hash: hash))
            }
            return links
        }
    }

    package func auditLog(subject: String, limit: Int) async throws -> [AuditEntry] {
        try await self.read { rows in
            try await rows.bodies(AuditEntry.self, "SELECT body::text FROM audit_log WHERE subject = \(subject) ORDER BY sequence LIMIT \(limit)")
        }
    }

    package func saveSession(_ session: OfficerSession) async throws {
        let body = try StoredJSON.encode(session)
        try await self.transaction { connection in
            // Expired sessions are swept as new ones begin.
            try await connection.query("DELETE FROM officer_sessions WHERE expires_at < \(Date().timeIntervalSince1970)", logger: self.logger)
            try await connection.query(
                """
                INSERT INTO officer_sessions (token_hash, officer, expires_at, body)
                VALUES (\(session.tokenHash), \(session.officer), \(session.expiresAt.timeIntervalSince1970), \(body)::jsonb)
                ON CONFLICT (token_hash) DO UPDATE SET expires_at = excluded.expires_at, body = excluded.body
                """, logger: self.logger)
        }
    }

    package func session(tokenHash: String, at moment: Date) async throws -> OfficerSession? {
        try await self.read { rows in
            try await rows.bodies(
                OfficerSession.self,
                "SELECT body::text FROM officer_sessions WHERE token_hash = \(tokenHash) AND expires_at > \(moment.timeIntervalSince1970)"
            ).first
        }
    }

    package func deleteSession(tokenHash: String) async throws {
        try await self.execute("DELETE FROM officer_sessions WHERE token_hash = \(tokenHash)")
    }
}

/// The supervisor's view: backlog by service and age, decisions per officer, the backlog over the days.
extension PostgresStore {
    package func backlog(at moment: Date) async throws -> [BacklogCount] {
        let now = moment.timeIntervalSince1970
        let (day, threeDays) = (now - 86_400, now - 3 * 86_400)
        return try await self.client.withConnection { connection in
            var counts: [BacklogCount] = []
            let rows = try await connection.query(
                """
                SELECT service, CASE WHEN opened_at > \(day) THEN 0 WHEN opened_at > \(threeDays) THEN 1 ELSE 2 END AS age, count(*)::bigint
                FROM cases WHERE state IN ('queued', 'claimed') GROUP BY service, age
                """, logger: self.logger)
            for try await (service, age, count) in rows.decode((String, Int, Int).self) {
                guard let intent = Intent(rawValue: service), let bucket = BacklogCount.Age(rawValue: age) else { continue }
                counts.append(BacklogCount(service: intent, age: bucket, count: count))
            }
            return counts
        }
    }

    package func decisionCounts(since moment: Date) async throws -> [DecisionCount] {
        try await self.client.withConnection { connection in
            var counts: [DecisionCount] = []
            let rows = try await connection.query(
                """
                SELECT body->>'actor' AS actor, body->>'action' AS action, count(*)::bigint FROM audit_log
                WHERE at >= \(moment.timeIntervalSince1970) AND body->>'actor' LIKE 'officer:%'
                    AND body->>'action' IN ('approve', 'reject', 'close', 'ask', 'reply', 'hand_back')
                GROUP BY actor, action ORDER BY actor, action
                """, logger: self.logger)
            for try await (actor, action, count) in rows.decode((String, String, Int).self) {
                counts.append(DecisionCount(officer: String(actor.dropFirst("officer:".count)), action: action, count: count))
            }
            return counts
        }
    }

    package func recordBacklog(day: String, waiting: Int) async throws {
        try await self.execute(
            "INSERT INTO backlog_history (day, waiting) VALUES (\(day), \(waiting)) ON CONFLICT (day) DO UPDATE SET waiting = excluded.waiting")
    }

    package func backlogHistory(days: Int) async throws -> [(day: String, waiting: Int)] {
        try await self.client.withConnection { connection in
            var history: [(day: String, waiting: Int)] = []
            let rows = try await connection.query("SELECT day, waiting FROM backlog_history ORDER BY day DESC LIMIT \(days)", logger: self.logger)
            for try await (day, waiting) in rows.decode((String, Int).self) { history.append((day, waiting)) }
            return history.reversed()
        }
    }
}
