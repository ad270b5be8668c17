import Foundation
import LoketCore

/// Where Loket keeps everything it knows: SQLite on one machine, PostgreSQL for several instances.
///
/// The one write that matters is ``commit(_:decide:)``: everything an event changes is written in one
/// transaction, under a per-conversation lock, so events of one conversation are handled one at a time and in
/// order, also across instances.
package protocol Store: Sendable {
    /// Runs one event for one conversation, atomically.
    ///
    /// Takes the conversation's lock, records the inbound message or payment (a redelivery returns nil without
    /// calling `decide`), loads the conversation, draws a fresh sequence number, and writes what `decide` returns.
    /// - Throws: the store's errors, or what `decide` throws; nothing is written then.
    func commit<Decision: Sendable>(
        _ request: CommitRequest,
        decide: @escaping @Sendable (ConversationState, Int) throws -> (Commit, Decision)
    ) async throws -> Decision?

    // MARK: Reads

    /// Whether a citizen's message with this platform id was already handled: a redelivery can then be
    /// acknowledged without fetching its media again.
    func hasReceived(messageID: String) async throws -> Bool
    /// Whether a payment with this provider reference was already applied.
    func hasRecordedPayment(reference: String) async throws -> Bool
    func conversation(address: String) async throws -> ConversationState?
    func caseFile(id: String) async throws -> CaseFile?
    /// The open case billed to a virtual account.
    func caseAwaitingPayment(virtualAccount: String) async throws -> CaseFile?
    func cases(in states: [CaseState], limit: Int) async throws -> [CaseFile]
    /// A participant and everyone on the same family card.
    func directoryRecord(nik: String) async throws -> DirectoryRecord?

    // MARK: Directory

    /// Adds participants that are not in the directory yet; returns how many were added.
    @discardableResult
    func seedParticipants(_ participants: [Participant]) async throws -> Int
    func saveParticipant(_ participant: Participant) async throws
    /// Adds or replaces many participants in one transaction (a directory import's batch).
    func saveParticipants(_ participants: [Participant]) async throws
    /// Places a case opened elsewhere in its citizen's conversation.
    func importCase(_ file: CaseFile) async throws
    /// Stores many cases in one transaction, without touching conversations: an archive's import, a benchmark's
    /// seed.
    func importCases(_ files: [CaseFile]) async throws

    // MARK: Outbox

    /// Leases the next pending reply of each recipient that is due, at most `limit`; a leased entry is not handed
    /// out again until `leaseSeconds` pass, so several dispatchers never send the same reply at once.
    func leaseOutbox(now: Date, limit: Int, leaseSeconds: Int) async throws -> [OutboxEntry]
    /// Records a delivery, with the platform's id of the message when it gave one.
    func markDelivered(id: String, at moment: Date, platformID: String?) async throws
    /// Records the platform's later word on a delivered message (`delivered`, `read`, `failed` …); false when no
    /// reply has that platform id.
    @discardableResult
    func recordDeliveryStatus(platformID: String, status: String, at moment: Date) async throws -> Bool
    /// Records a failed delivery: retried at `retryAt`, or dead-lettered when it is nil.
    func markFailed(id: String, error: String, retryAt: Date?) async throws
    func deadLetters(limit: Int) async throws -> [OutboxEntry]
    /// The replies to one citizen, oldest first, delivered or not: the outbound half of the conversation's history.
    func outbox(recipient: String, limit: Int) async throws -> [OutboxEntry]
    /// Puts a dead letter back in the queue; false when there is no such dead letter.
    func retryDeadLetter(id: String, at moment: Date) async throws -> Bool

    // MARK: Documents and audit

    /// Records the metadata of a document whose bytes were put in the vault.
    func recordDocument(_ document: StoredDocument) async throws
    /// Closed cases (done, rejected, cancelled) closed before `moment` that still hold documents in the vault.
    func closedCasesWithDocuments(closedBefore moment: Date, limit: Int) async throws -> [CaseFile]
    /// The audit log, newest first.
    func auditLog(limit: Int) async throws -> [AuditEntry]
    /// The audit log as its hash chain sees it, oldest first, after the entry numbered `sequence`.
    func auditLinks(after sequence: Int64, limit: Int) async throws -> [AuditLink]

    // MARK: A citizen's data

    /// The addresses (phone numbers) that wrote about `nik`: whose cases carry it or who proved to be it.
    func citizenAddresses(nik: String) async throws -> [String]
    /// Removes what Loket keeps of the conversations with `addresses`, in one transaction: their state, timers and
    /// replies go, received messages keep only their id (so a redelivery is still refused), cases lose the
    /// citizen's data (open ones are withdrawn); `audit` records it. Returns the vault ids of the cases'
    /// documents, for the caller to remove.
    func erase(addresses: [String], at moment: Date, audit: AuditEntry) async throws -> [String]

    // MARK: Officers

    /// Adds or updates an officer.
    func saveOfficer(_ officer: Officer) async throws
    func officer(name: String) async throws -> Officer?
    func officers() async throws -> [Officer]

    // MARK: Console

    /// Open cases in SLA order (earliest due first), a page at a time.
    func queue(_ filter: QueueFilter, limit: Int, offset: Int) async throws -> [CaseFile]
    func queueCounts(_ filter: QueueFilter, at moment: Date) async throws -> QueueCounts
    /// Records what officers viewed (a case, a document); decisions are audited with their commit.
    func recordAudit(_ entry: AuditEntry) async throws
    /// A citizen's messages, oldest first: the inbound half of the conversation's history.
    func inboundMessages(sender: String, limit: Int) async throws -> [ReceivedMessage]
    /// The audit entries about one case or document, oldest first.
    func auditLog(subject: String, limit: Int) async throws -> [AuditEntry]
    func saveSession(_ session: OfficerSession) async throws
    /// The session with this token hash, when it has not expired at `moment`.
    func session(tokenHash: String, at moment: Date) async throws -> OfficerSession?
    func deleteSession(tokenHash: String) async throws

    // MARK: Supervision

    /// Cases waiting for an officer (queued or claimed), counted by service and age.
    func backlog(at moment: Date) async throws -> [BacklogCount]
    /// Decisions taken since `moment`, counted by officer and action (from the audit log).
    func decisionCounts(since moment: Date) async throws -> [DecisionCount]
    /// Notes the backlog of a day (`YYYY-MM-DD` in the office's zone); the latest note of a day wins.
    func recordBacklog(day: String, waiting: Int) async throws
    /// The noted backlog of the last `days` days that have one, oldest first.
    func backlogHistory(days: Int) async throws -> [(day: String, waiting: Int)]

    // MARK: Statistics

    /// Whether every migration of this build has been applied (readiness).
    func migrationsAreCurrent() async throws -> Bool

    /// Counts for metrics: the outbox, dead letters and cases by state.
    func statistics(at moment: Date) async throws -> StoreStatistics

    // MARK: Timers

    func dueTimers(at moment: Date, limit: Int) async throws -> [ScheduledTimer]
}

/// What arrived with an event, recorded in the event's transaction.
package struct CommitRequest: Sendable {
    /// The conversation the event belongs to.
    package var address: String
    /// A citizen's message; deduplicated by its platform id.
    package var inbound: InboundMessage?
    /// A payment; deduplicated by its reference.
    package var payment: Payment?
    /// When Loket received the event.
    package var receivedAt: Date
    /// When the platform says it happened, stored beside the time of receipt.
    package var platformTimestamp: Date?
    /// A timer being fired: the commit happens only while it is still stored and due, so two instances that both
    /// found it due fire it once.
    package var timer: String?

    package init(
        address: String, inbound: InboundMessage? = nil, payment: Payment? = nil, receivedAt: Date, platformTimestamp: Date? = nil,
        timer: String? = nil
    ) {
        self.address = address
        self.inbound = inbound
        self.payment = payment
        self.receivedAt = receivedAt
        self.platformTimestamp = platformTimestamp
        self.timer = timer
    }
}

/// Everything one event changes, written together.
package struct Commit: Sendable {
    package var state: ConversationState
    package var cases: [CaseFile] = []
    package var outbox: [OutboxEntry] = []
    package var timers: [ScheduledTimer] = []
    package var cancelledTimers: [String] = []
    package var participantChanges: [ParticipantUpdate] = []
    package var newParticipants: [Participant] = []
    /// Vault documents whose bytes were removed.
    package var purgedDocuments: [String] = []
    package var audit: [AuditEntry] = []

    package init(state: ConversationState) {
        self.state = state
    }
}

/// A change to one participant of the directory.
package struct ParticipantUpdate: Sendable, Equatable {
    package var nik: String
    package var change: ParticipantChange

    package init(nik: String, change: ParticipantChange) {
        self.nik = nik
        self.change = change
    }
}
