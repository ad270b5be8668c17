import Foundation
import LoketCore
import LoketStore

/// The runtime around the pure machine: for every event it loads the conversation, runs the machine, performs
/// the actions and commits the new state, the case changes and the outbox in one transaction.
package struct Desk: Sendable {
    package let store: any Store
    package let environment: MachineEnvironment

    package init(store: any Store, environment: MachineEnvironment) {
        self.store = store
        self.environment = environment
    }

    /// What one event produced.
    package struct Outcome: Equatable, Sendable {
        /// The replies written to the outbox, in order.
        package var replies: [OutboxEntry] = []
        /// Why the event could not be applied (an officer's impossible decision, an unknown VA).
        package var refusal: String?
        /// The inbound message was a redelivery and was ignored.
        package var duplicate = false
    }

    /// Adds the configured sample participants that the directory does not have yet.
    package func seedDirectory(_ participants: [Participant]) throws {
        try self.store.transaction { transaction in
            for participant in participants where try transaction.participant(nik: participant.nik) == nil {
                try transaction.save(participant)
            }
        }
    }

    /// Places a case opened elsewhere (an import, a transcript's `given case:`) in its citizen's conversation.
    package func importCase(_ file: CaseFile) throws {
        try self.store.transaction { transaction in
            var conversation = try transaction.conversation(address: file.citizen) ?? ConversationState(address: file.citizen)
            conversation.cases.append(file)
            try transaction.save(conversation)
            try transaction.save(file)
        }
    }

    // MARK: - Events

    /// A citizen's message. A message whose platform id was seen before is acknowledged and ignored.
    package func receive(_ message: InboundMessage, at now: Date) throws -> Outcome {
        try self.store.transaction { transaction in
            guard try transaction.recordInbound(message, receivedAt: now) else { return Outcome(duplicate: true) }
            return try self.run(address: message.from, inReplyTo: message.id, now: now, in: transaction) { machine, context in
                machine.messageReceived(message, context: context)
            }
        }
    }

    /// An officer's decision about a case.
    package func decide(caseID: String, _ decision: OfficerDecision, officer: String, at now: Date) throws -> Outcome {
        try self.store.transaction { transaction in
            guard let file = try transaction.caseFile(id: caseID) else {
                return Outcome(refusal: "case \(caseID) does not exist")
            }
            return try self.run(address: file.citizen, inReplyTo: nil, now: now, in: transaction) { machine, context in
                machine.officerDecided(caseID: caseID, decision: decision, officer: officer, context: context)
            }
        }
    }

    /// A payment into a virtual account.
    package func pay(_ payment: Payment, at now: Date) throws -> Outcome {
        try self.store.transaction { transaction in
            guard let file = try transaction.caseAwaitingPayment(virtualAccount: payment.virtualAccount) else {
                return Outcome(refusal: "no bill is open for virtual account \(payment.virtualAccount)")
            }
            return try self.run(address: file.citizen, inReplyTo: nil, now: now, in: transaction) { machine, context in
                machine.paymentReceived(payment, context: context)
            }
        }
    }

    /// Fires every timer due at `now`, each in its own transaction.
    package func fireDueTimers(at now: Date) throws -> [Outcome] {
        let due = try self.store.transaction { try $0.dueTimers(at: now) }
        return try due.map { scheduled in
            try self.store.transaction { transaction in
                try transaction.cancelTimer(id: scheduled.timer.id)
                return try self.run(address: scheduled.address, inReplyTo: nil, now: now, in: transaction) { machine, context in
                    machine.timerFired(scheduled.timer, context: context)
                }
            }
        }
    }

    // MARK: - The loop

    private func run(
        address: String,
        inReplyTo: String?,
        now: Date,
        in transaction: any StoreTransaction,
        event: (inout ConversationStateMachine, EventContext) -> [ConversationAction]
    ) throws -> Outcome {
        let state = try transaction.conversation(address: address) ?? ConversationState(address: address)
        var machine = ConversationStateMachine(state: state, environment: self.environment)
        let context = EventContext(now: now, sequence: try transaction.nextSequence())
        var pending = event(&machine, context)
        var outcome = Outcome()
        while !pending.isEmpty {
            let action = pending.removeFirst()
            switch action {
            case .send(let reply):
                let entry = OutboxEntry(
                    id: "\(context.sequence)-\(outcome.replies.count + 1)", recipient: address, reply: reply,
                    inReplyTo: inReplyTo, createdAt: now)
                try transaction.enqueue(entry)
                outcome.replies.append(entry)
            case .lookUpParticipant(let nik):
                let record = try transaction.participant(nik: nik).map { person in
                    DirectoryRecord(participant: person, family: try transaction.family(kk: person.kk))
                }
                pending.insert(contentsOf: machine.participantLookedUp(record, context: context), at: 0)
            case .recordCase(let file):
                try transaction.save(file)
            case .updateParticipant(let nik, let change):
                try self.apply(change, to: nik, in: transaction)
            case .registerParticipant(let participant):
                try transaction.save(participant)
            case .scheduleTimer(let timer):
                try transaction.schedule(ScheduledTimer(timer: timer, address: address))
            case .cancelTimer(let id):
                try transaction.cancelTimer(id: id)
            case .refuse(let reason):
                outcome.refusal = reason
            }
        }
        try transaction.save(machine.state)
        return outcome
    }

    private func apply(_ change: ParticipantChange, to nik: String, in transaction: any StoreTransaction) throws {
        guard var person = try transaction.participant(nik: nik) else { return }
        switch change {
        case .phone(let phone):
            person.phone = phone
            try transaction.save(person)
        case .activated:
            // Contributions are paid per family card: the whole family turns active together.
            for var member in try transaction.family(kk: person.kk) where member.status != .aktif {
                member.status = .aktif
                member.reason = nil
                member.arrearsMonths = 0
                member.inactiveSince = nil
                try transaction.save(member)
            }
        }
    }

    // MARK: - Delivery

    /// Hands every pending reply to `deliver`, in order, marking each delivered once it returns.
    package func deliverPending(_ deliver: (OutboxEntry) throws -> Void) throws {
        let pending = try self.store.transaction { try $0.pendingOutbox(limit: 500) }
        for entry in pending {
            try deliver(entry)
            try self.store.transaction { try $0.markDelivered(entry.id) }
        }
    }
}
