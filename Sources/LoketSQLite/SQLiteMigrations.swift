import GRDB
import LoketStore

/// The schema, one migration per version. Migrations are never edited once released; they describe the past.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: conversations, messages, cases, outbox, timers, directory") { db in
            try db.execute(sql: """
                CREATE TABLE conversations (
                    address TEXT PRIMARY KEY NOT NULL,
                    state TEXT NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE TABLE inbound_messages (
                    id TEXT PRIMARY KEY NOT NULL,
                    sender TEXT NOT NULL,
                    received_at REAL NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE TABLE cases (
                    id TEXT PRIMARY KEY NOT NULL,
                    citizen TEXT NOT NULL,
                    service TEXT NOT NULL,
                    state TEXT NOT NULL,
                    opened_at REAL NOT NULL,
                    virtual_account TEXT,
                    body TEXT NOT NULL
                );
                CREATE INDEX cases_by_state ON cases (state, opened_at);
                CREATE INDEX cases_by_virtual_account ON cases (virtual_account);
                CREATE TABLE outbox (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    recipient TEXT NOT NULL,
                    body TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    status TEXT NOT NULL
                );
                CREATE INDEX outbox_pending ON outbox (status, sequence);
                CREATE TABLE timers (
                    id TEXT PRIMARY KEY NOT NULL,
                    address TEXT NOT NULL,
                    fire_at REAL NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX timers_by_time ON timers (fire_at);
                CREATE TABLE participants (
                    nik TEXT PRIMARY KEY NOT NULL,
                    kk TEXT NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX participants_by_kk ON participants (kk);
                CREATE TABLE sequences (
                    name TEXT PRIMARY KEY NOT NULL,
                    value INTEGER NOT NULL
                );
                INSERT INTO sequences (name, value) VALUES ('events', 0);
                """)
        }
        migrator.registerMigration("v2: platform timestamps, payments, outbox retries") { db in
            try db.execute(sql: """
                ALTER TABLE inbound_messages ADD COLUMN platform_timestamp REAL;
                CREATE TABLE payments (
                    reference TEXT PRIMARY KEY NOT NULL,
                    virtual_account TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    received_at REAL NOT NULL
                );
                ALTER TABLE outbox ADD COLUMN next_attempt_at REAL NOT NULL DEFAULT 0;
                ALTER TABLE outbox ADD COLUMN leased_until REAL;
                ALTER TABLE outbox ADD COLUMN delivered_at REAL;
                UPDATE outbox SET next_attempt_at = created_at;
                DROP INDEX outbox_pending;
                CREATE INDEX outbox_pending ON outbox (status, recipient, sequence);
                """)
        }
        migrator.registerMigration("v3: documents, audit log, case closing") { db in
            try db.execute(sql: """
                CREATE TABLE documents (
                    id TEXT PRIMARY KEY NOT NULL,
                    citizen TEXT NOT NULL,
                    body TEXT NOT NULL,
                    stored_at REAL NOT NULL,
                    purged_at REAL
                );
                CREATE TABLE audit_log (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    at REAL NOT NULL,
                    body TEXT NOT NULL
                );
                ALTER TABLE cases ADD COLUMN closed_at REAL;
                ALTER TABLE cases ADD COLUMN stored_documents INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX cases_to_purge ON cases (stored_documents, closed_at);
                """)
        }
        migrator.registerMigration("v4: officers") { db in
            try db.execute(sql: """
                CREATE TABLE officers (
                    name TEXT PRIMARY KEY NOT NULL,
                    role TEXT NOT NULL,
                    body TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v5: platform message ids") { db in
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN platform_id TEXT;
                CREATE INDEX outbox_by_platform_id ON outbox (platform_id);
                """)
        }
        migrator.registerMigration("v6: officer console") { db in
            try db.execute(sql: """
                ALTER TABLE cases ADD COLUMN due_at REAL;
                ALTER TABLE cases ADD COLUMN claimed_by TEXT;
                ALTER TABLE cases ADD COLUMN branch TEXT;
                UPDATE cases SET due_at = json_extract(body, '$.dueAt'), claimed_by = json_extract(body, '$.claimedBy'),
                    branch = json_extract(body, '$.branch');
                CREATE INDEX cases_queue ON cases (due_at, id) WHERE state IN ('queued', 'claimed');
                CREATE INDEX cases_queue_by_service ON cases (service, due_at, id, opened_at) WHERE state IN ('queued', 'claimed');
                CREATE INDEX cases_by_state_in_sla_order ON cases (state, due_at, id);
                CREATE INDEX cases_by_claimant ON cases (claimed_by, due_at, id) WHERE state = 'claimed';
                CREATE INDEX cases_queue_by_branch ON cases (branch, due_at, id) WHERE state IN ('queued', 'claimed');
                ALTER TABLE audit_log ADD COLUMN subject TEXT;
                UPDATE audit_log SET subject = json_extract(body, '$.subject');
                CREATE INDEX audit_by_subject ON audit_log (subject, sequence);
                CREATE INDEX audit_by_time ON audit_log (at);
                CREATE TABLE backlog_history (day TEXT PRIMARY KEY NOT NULL, waiting INTEGER NOT NULL);
                CREATE INDEX inbound_by_sender ON inbound_messages (sender, received_at);
                CREATE TABLE officer_sessions (
                    token_hash TEXT PRIMARY KEY NOT NULL,
                    officer TEXT NOT NULL,
                    expires_at REAL NOT NULL,
                    body TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v7: audit hash chain") { db in
            try db.execute(sql: "ALTER TABLE audit_log ADD COLUMN hash TEXT")
            // Entries written before the chain are chained now, in their order.
            var previous = AuditChain.genesis
            for row in try Row.fetchAll(db, sql: "SELECT sequence, body FROM audit_log ORDER BY sequence") {
                previous = AuditChain.link(previous: previous, text: row["body"])
                try db.execute(sql: "UPDATE audit_log SET hash = ? WHERE sequence = ?", arguments: [previous, row["sequence"] as Int64])
            }
        }
        migrator.registerMigration("v8: pending replies in order") { db in
            // The dispatcher reads pending replies oldest first and stops at a batch: without this index it sorted
            // every pending reply on every lease, which made a backlog slower to drain the longer it was.
            try db.execute(sql: "CREATE INDEX outbox_pending_in_order ON outbox (sequence) WHERE status = 'pending'")
        }
        return migrator
    }
}
