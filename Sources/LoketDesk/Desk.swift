import Foundation
import LoketCore
import LoketStore

/// The runtime around the pure machine: for every event it runs the machine on the stored conversation and
/// commits the new state, the case changes, the outbox and the timers in one transaction.
///
/// Directory lookups happen between transactions: the machine asks, the commit records that it waits, the desk
/// looks the NIK up and feeds the answer back as the next event. A crash in between leaves the conversation
/// waiting, and the citizen's next message asks again.
package struct Desk: Sendable {
    package let store: any Store
    package let environment: MachineEnvironment
    /// Where participants are looked up: the store's own directory unless a core system is configured.
    package let directory: any ParticipantDirectory

    package init(store: any Store, environment: MachineEnvironment, directory: (any ParticipantDirectory)? = nil) {
        self.store = store
        self.environment = environment
        self.directory = directory ?? StoreDirectory(store: store)
    }

    /// What one event produced.
    package struct Outcome: Equatable, Sendable {
        /// The replies written to the outbox, in order.
        package var replies: [OutboxEntry] = []
        /// Why the event could not be applied (an officer's impossible decision, an unknown VA).
        package var refusal: String?
        /// The event was a redelivery (same message id, same payment reference) and was ignored.
        package var duplicate = false
    }

    /// Adds the configured sample participants that the directory does not have yet.
    package func seedDirectory() async throws {
        try await self.store.seedParticipants(self.environment.configuration.directory)
    }

    // MARK: - Events

    /// A citizen's message. A message whose platform id was seen before is acknowledged and ignored, unless a
    /// delivery died between its commit and the directory lookup it asked for: no answer went out then, so the
    /// platform delivers again (that message, or an earlier one of the same citizen), and the lookup is done now,
    /// its answer replying to the message that asked.
    package func receive(_ message: InboundMessage, at now: Date, platformTimestamp: Date? = nil) async throws -> Outcome {
        let request = CommitRequest(address: message.from, inbound: message, receivedAt: now, platformTimestamp: platformTimestamp)
        let outcome = try await self.run(request, inReplyTo: message.id) { machine, context in
            machine.messageReceived(message, context: context)
        }
        guard outcome.duplicate, let waiting = try await self.store.conversation(address: message.from), let nik = waiting.pendingLookup
        else { return outcome }
        let asker = waiting.lookupAskedBy ?? message.id
        var resumed = try await self.lookUp(nik, for: CommitRequest(address: message.from, receivedAt: now), inReplyTo: asker)
        resumed.duplicate = true
        return resumed
    }

    /// An officer's decision about a case; a decision taken is written to the audit log with it.
    package func decide(caseID: String, _ decision: OfficerDecision, officer: String, at now: Date) async throws -> Outcome {
        guard let file = try await self.store.caseFile(id: caseID) else {
            return Outcome(refusal: "case \(caseID) does not exist")
        }
        let audit = AuditEntry(at: now, actor: "officer:\(officer)", action: decision.auditAction, subject: caseID, detail: decision.auditDetail)
        return try await self.run(CommitRequest(address: file.citizen, receivedAt: now), inReplyTo: nil, audit: audit) { machine, context in
            machine.officerDecided(caseID: caseID, decision: decision, officer: officer, context: context)
        }
    }

    /// A payment into a virtual account; a payment reference seen before is ignored, also once the bill it paid is
    /// closed.
    package func pay(_ payment: Payment, at now: Date) async throws -> Outcome {
        if try await self.store.hasRecordedPayment(reference: payment.reference) { return Outcome(duplicate: true) }
        guard let file = try await self.store.caseAwaitingPayment(virtualAccount: payment.virtualAccount) else {
            return Outcome(refusal: "no bill is open for virtual account \(payment.virtualAccount)")
        }
        let request = CommitRequest(address: file.citizen, payment: payment, receivedAt: now)
        return try await self.run(request, inReplyTo: nil) { machine, context in
            machine.paymentReceived(payment, context: context)
        }
    }

    /// Fires every timer due at `now`; each timer is removed in the transaction of its own event.
    package func fireDueTimers(at now: Date) async throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for scheduled in try await self.store.dueTimers(at: now, limit: 100) {
            let request = CommitRequest(address: scheduled.address, receivedAt: now, timer: scheduled.timer.id)
            let outcome = try await self.run(request, inReplyTo: nil, firing: scheduled.timer.id) {
                machine, context in
                machine.timerFired(scheduled.timer, context: context)
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    // MARK: - The loop

    /// What the machine decided, besides what the commit writes.
    private struct Decision: Sendable {
        var replies: [OutboxEntry] = []
        var lookups: [String] = []
        var refusal: String?
    }

    private func run(
        _ request: CommitRequest,
        inReplyTo: String?,
        firing timer: String? = nil,
        audit: AuditEntry? = nil,
        event: @escaping @Sendable (inout ConversationStateMachine, EventContext) -> [ConversationAction]
    ) async throws -> Outcome {
        let environment = self.environment
        let decided = try await self.store.commit(request) { state, sequence in
            var machine = ConversationStateMachine(state: state, environment: environment)
            let context = EventContext(now: request.receivedAt, sequence: sequence)
            let actions = event(&machine, context)
            var commit = Commit(state: machine.state)
            if let timer { commit.cancelledTimers.append(timer) }
            var decision = Decision()
            for action in actions {
                switch action {
                case .send(let reply):
                    var entry = OutboxEntry(
                        id: "\(sequence)-\(decision.replies.count + 1)", recipient: request.address, reply: reply,
                        inReplyTo: inReplyTo, createdAt: request.receivedAt)
                    entry.channel = machine.state.channel
                    commit.outbox.append(entry)
                    decision.replies.append(entry)
                case .lookUpParticipant(let nik):
                    decision.lookups.append(nik)
                case .recordCase(let file):
                    commit.cases.removeAll { $0.id == file.id }
                    commit.cases.append(file)
                case .updateParticipant(let nik, let change):
                    commit.participantChanges.append(ParticipantUpdate(nik: nik, change: change))
                case .registerParticipant(let participant):
                    commit.newParticipants.append(participant)
                case .scheduleTimer(let scheduled):
                    commit.timers.append(ScheduledTimer(timer: scheduled, address: request.address))
                case .cancelTimer(let id):
                    commit.cancelledTimers.append(id)
                case .refuse(let reason):
                    decision.refusal = reason
                }
            }
            // A refused decision changed nothing, so nothing is audited as done.
            if let audit, decision.refusal == nil { commit.audit.append(audit) }
            return (commit, decision)
        }
        guard let decided else { return Outcome(duplicate: true) }
        var outcome = Outcome(replies: decided.replies, refusal: decided.refusal)
        for nik in decided.lookups {
            let answered = try await self.lookUp(nik, for: request, inReplyTo: inReplyTo)
            outcome.replies += answered.replies
            outcome.refusal = outcome.refusal ?? answered.refusal
        }
        return outcome
    }

    /// Asks the directory about `nik` and feeds its answer, or its failure, to the machine as the next event. An
    /// answer that comes when nothing waits for it any more (another lookup answered first) changes nothing.
    private func lookUp(_ nik: String, for request: CommitRequest, inReplyTo: String?) async throws -> Outcome {
        let next = CommitRequest(address: request.address, receivedAt: request.receivedAt)
        do {
            let record = try await self.directory.record(nik: nik)
            return try await self.run(next, inReplyTo: inReplyTo) { machine, context in
                machine.participantLookedUp(record, context: context)
            }
        } catch let unavailable as DirectoryUnavailable {
            return try await self.run(next, inReplyTo: inReplyTo) { machine, context in
                machine.participantLookupFailed(retryAfter: unavailable.retryAfter, context: context)
            }
        }
    }
}

extension OfficerDecision {
    /// The audit log's name for the decision.
    package var auditAction: String {
        switch self {
        case .claim: "claim"
        case .release: "release"
        case .approve: "approve"
        case .reject: "reject"
        case .close: "close"
        case .ask: "ask"
        case .reply: "reply"
        case .takeOver: "take_over"
        case .say: "say"
        case .handBack: "hand_back"
        case .assign: "assign"
        }
    }

    /// The reason or document of the decision; an officer's free text is not copied into the audit log.
    package var auditDetail: String? {
        switch self {
        case .reject(let reason, let document): [reason, document].compactMap { $0 }.joined(separator: " ")
        case .close(let reason): reason
        case .ask(let document): document
        case .assign(let officer): officer
        case .claim, .release, .approve, .reply, .takeOver, .say, .handBack: nil
        }
    }
}
