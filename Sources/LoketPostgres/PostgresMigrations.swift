import Logging
import PostgresNIO

/// The schema, one migration per version, applied in order and recorded in `schema_migrations`.
/// Migrations are never edited once released; they describe the past.
enum PostgresMigrations {
    static let all: [(name: String, sql: [PostgresQuery])] = [
        (
            "v1: conversations, messages, payments, cases, outbox, timers, directory",
            [
                """
                CREATE TABLE conversations (
                    address text PRIMARY KEY,
                    state jsonb NOT NULL,
                    updated_at timestamptz NOT NULL
                )
                """,
                """
                CREATE TABLE inbound_messages (
                    id text PRIMARY KEY,
                    sender text NOT NULL,
                    received_at double precision NOT NULL,
                    platform_timestamp double precision,
                    body jsonb NOT NULL
                )
                """,
                """
                CREATE TABLE payments (
                    reference text PRIMARY KEY,
                    virtual_account text NOT NULL,
                    amount bigint NOT NULL,
                    received_at double precision NOT NULL
                )
                """,
                """
                CREATE TABLE cases (
                    id text PRIMARY KEY,
                    citizen text NOT NULL,
                    service text NOT NULL,
                    state text NOT NULL,
                    opened_at double precision NOT NULL,
                    virtual_account text,
                    body jsonb NOT NULL
                )
                """,
                "CREATE INDEX cases_by_state ON cases (state, opened_at)",
                "CREATE INDEX cases_by_virtual_account ON cases (virtual_account)",
                """
                CREATE TABLE outbox (
                    sequence bigserial PRIMARY KEY,
                    id text NOT NULL UNIQUE,
                    recipient text NOT NULL,
                    body jsonb NOT NULL,
                    created_at double precision NOT NULL,
                    status text NOT NULL,
                    next_attempt_at double precision NOT NULL,
                    leased_until double precision,
                    delivered_at double precision
                )
                """,
                "CREATE INDEX outbox_pending ON outbox (status, recipient, sequence)",
                """
                CREATE TABLE timers (
                    id text PRIMARY KEY,
                    address text NOT NULL,
                    fire_at double precision NOT NULL,
                    body jsonb NOT NULL
                )
                """,
                "CREATE INDEX timers_by_time ON timers (fire_at)",
                """
                CREATE TABLE participants (
                    nik text PRIMARY KEY,
                    kk text NOT NULL,
                    body jsonb NOT NULL
                )
                """,
                "CREATE INDEX participants_by_kk ON participants (kk)",
                "CREATE SEQUENCE event_sequence",
            ]
        ),
        (
            "v2: documents, audit log, case closing",
            [
                """
                CREATE TABLE documents (
                    id text PRIMARY KEY,
                    citizen text NOT NULL,
                    body jsonb NOT NULL,
                    stored_at double precision NOT NULL,
                    purged_at double precision
                )
                """,
                """
                CREATE TABLE audit_log (
                    sequence bigserial PRIMARY KEY,
                    at double precision NOT NULL,
                    body jsonb NOT NULL
                )
                """,
                "ALTER TABLE cases ADD COLUMN closed_at double precision",
                "ALTER TABLE cases ADD COLUMN stored_documents boolean NOT NULL DEFAULT false",
                "CREATE INDEX cases_to_purge ON cases (stored_documents, closed_at)",
            ]
        ),
        (
            "v3: officers",
            [
                """
                CREATE TABLE officers (
                    name text PRIMARY KEY,
                    role text NOT NULL,
                    body jsonb NOT NULL
                )
                """,
            ]
        ),
        (
            "v4: platform message ids",
            [
                "ALTER TABLE outbox ADD COLUMN platform_id text",
                "CREATE INDEX outbox_by_platform_id ON outbox (platform_id)",
            ]
        ),
        (
            "v5: officer console",
            [
                "ALTER TABLE cases ADD COLUMN due_at double precision",
                "ALTER TABLE cases ADD COLUMN claimed_by text",
                "ALTER TABLE cases ADD COLUMN branch text",
                "UPDATE cases SET due_at = (body->>'dueAt')::double precision, claimed_by = body->>'claimedBy', branch = body->>'branch'",
                "CREATE INDEX cases_queue ON cases (due_at, id) WHERE state IN ('queued', 'claimed')",
                "CREATE INDEX cases_queue_by_service ON cases (service, due_at, id, opened_at) WHERE state IN ('queued', 'claimed')",
                "CREATE INDEX cases_by_state_in_sla_order ON cases (state, due_at, id)",
                "CREATE INDEX cases_by_claimant ON cases (claimed_by, due_at, id) WHERE state = 'claimed'",
                "CREATE INDEX cases_queue_by_branch ON cases (branch, due_at, id) WHERE state IN ('queued', 'claimed')",
                "ALTER TABLE audit_log ADD COLUMN subject text",
                "UPDATE audit_log SET subject = body->>'subject'",
                "CREATE INDEX audit_by_subject ON audit_log (subject, sequence)",
                "CREATE INDEX audit_by_time ON audit_log (at)",
                "CREATE TABLE backlog_history (day text PRIMARY KEY, waiting integer NOT NULL)",
                "CREATE INDEX inbound_by_sender ON inbound_messages (sender, received_at)",
                """
                CREATE TABLE officer_sessions (
                    token_hash text PRIMARY KEY,
                    officer text NOT NULL,
                    expires_at double precision NOT NULL,
                    body jsonb NOT NULL
                )
                """,
            ]
        ),
        (
            "v6: audit hash chain",
            [
                "ALTER TABLE audit_log ADD COLUMN hash text",
                // Entries written before the chain are chained now, in their order, as AuditChain.link does.
                """
                DO $$
                DECLARE
                    entry record;
                    previous text := repeat('0', 64);
                BEGIN
                    FOR entry IN SELECT sequence, body::text AS text FROM audit_log ORDER BY sequence LOOP
                        previous := encode(sha256(convert_to(previous || entry.text, 'UTF8')), 'hex');
                        UPDATE audit_log SET hash = previous WHERE sequence = entry.sequence;
                    END LOOP;
                END
                $$
                """,
            ]
        ),
        (
            "v7: pending replies in order",
            // The dispatcher reads pending replies oldest first and stops at a batch (see the SQLite migration).
            ["CREATE INDEX outbox_pending_in_order ON outbox (sequence) WHERE status = 'pending'"]
        ),
    ]

    /// Applies what is missing; an advisory lock keeps two starting instances from migrating at once.
    static func apply(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(7200100)", logger: logger)
        try await connection.query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            logger: logger)
        let done = Set(try await self.applied(on: connection, logger: logger))
        for migration in self.all where !done.contains(migration.name) {
            for statement in migration.sql { try await connection.query(statement, logger: logger) }
            try await connection.query("INSERT INTO schema_migrations (name) VALUES (\(migration.name))", logger: logger)
        }
    }

    static func applied(on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        var names: [String] = []
        let rows = try await connection.query("SELECT name FROM schema_migrations ORDER BY applied_at, name", logger: logger)
        for try await name in rows.decode(String.self) { names.append(name) }
        return names
    }
}
