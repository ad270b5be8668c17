import Foundation

/// The configuration and language understanding every conversation shares, built once at start.
package struct MachineEnvironment: Sendable {
    package let configuration: LoketConfiguration
    package let understanding: Understanding

    package init(configuration: LoketConfiguration, understanding: Understanding) {
        self.configuration = configuration
        self.understanding = understanding
    }

    package init(configuration: LoketConfiguration) {
        self.init(configuration: configuration, understanding: Understanding(configuration: configuration))
    }
}

/// The conversation with one citizen, as a pure state machine: events in, new state and actions out.
///
/// Events are the things that happen to a conversation: a message arrives, the directory answers, an officer
/// decides, a payment lands, a timer fires. Each returns the actions the runtime must perform, in order. The
/// machine reads no clock and makes no ids: the ``EventContext`` of each event brings both.
package struct ConversationStateMachine {
    package internal(set) var state: ConversationState
    let environment: MachineEnvironment
    /// The time and the fresh number of the event being handled.
    var context = EventContext(now: Date(timeIntervalSince1970: 0), sequence: 0)
    private var actions: [ConversationAction] = []
    /// The service this event started or worked on, so that a second request is not offered for it again.
    var servedThisEvent: Intent?

    package init(state: ConversationState, environment: MachineEnvironment) {
        self.state = state
        self.environment = environment
    }

    var configuration: LoketConfiguration { self.environment.configuration }
    var understanding: Understanding { self.environment.understanding }
    var now: Date { self.context.now }

    // MARK: - Events

    /// A citizen's message arrived (already deduplicated by the runtime).
    package mutating func messageReceived(_ message: InboundMessage, context: EventContext) -> [ConversationAction] {
        self.begin(context)
        self.state.lastInboundAt = context.now
        if let channel = message.channel { self.state.channel = channel }
        if let handover = self.state.handover {
            self.heldForOfficer(handover)
            return self.finish()
        }
        if case .serving(let session) = self.state.phase { self.servedThisEvent = session.service }
        self.handle(message)
        self.offerLaterRequest(after: self.servedThisEvent)
        if self.actions.contains(where: \.isLookup) { self.state.lookupAskedBy = message.id }
        return self.finish()
    }

    /// The directory answered a ``ConversationAction/lookUpParticipant(nik:)``; nil when the NIK is unknown.
    package mutating func participantLookedUp(_ record: DirectoryRecord?, context: EventContext) -> [ConversationAction] {
        self.begin(context)
        self.lookupFinished(record)
        return self.finish()
    }

    /// The directory could not answer a lookup; the citizen is told when to try again, and the next message asks
    /// again.
    package mutating func participantLookupFailed(retryAfter: Date, context: EventContext) -> [ConversationAction] {
        self.begin(context)
        // Said once: a second lookup failing as well (a redelivery asked again meanwhile) has nothing to add.
        if case .serving(var session) = self.state.phase, case .lookingUp(let nik, let purpose, .some) = session.step {
            // Nothing is on its way now: the next message asks again.
            session.step = .lookingUp(nik: nik, next: purpose, since: nil)
            self.enter(.serving(session))
            self.say(.directoryUnavailable, ["time": self.format.time(retryAfter)])
        }
        return self.finish()
    }

    /// An officer decided about one of this citizen's cases.
    package mutating func officerDecided(
        caseID: String,
        decision: OfficerDecision,
        officer: String,
        context: EventContext
    ) -> [ConversationAction] {
        self.begin(context)
        self.apply(decision, toCase: caseID, by: officer)
        return self.finish()
    }

    /// A payment arrived for one of this citizen's virtual accounts.
    package mutating func paymentReceived(_ payment: Payment, context: EventContext) -> [ConversationAction] {
        self.begin(context)
        self.apply(payment)
        return self.finish()
    }

    /// A timer the machine scheduled is due.
    package mutating func timerFired(_ timer: ConversationTimer, context: EventContext) -> [ConversationAction] {
        self.begin(context)
        self.fire(timer)
        return self.finish()
    }

    // MARK: - Running an event

    private mutating func begin(_ context: EventContext) {
        self.context = context
        self.actions = []
        self.servedThisEvent = nil
    }

    private mutating func finish() -> [ConversationAction] {
        defer { self.actions = [] }
        if self.state.pendingLookup == nil { self.state.lookupAskedBy = nil }
        return self.actions
    }

    mutating func perform(_ action: ConversationAction) {
        self.actions.append(action)
    }

    /// Sends one reply in the conversation's language.
    mutating func say(_ key: ReplyKey, _ values: [String: String] = [:], buttons: [Reply.Button] = []) {
        self.say(text: self.text(key, values), buttons: buttons)
    }

    /// Sends text already rendered.
    mutating func say(text: String, buttons: [Reply.Button] = []) {
        self.state.offeredButtons = buttons
        self.perform(.send(Reply(text: text, buttons: buttons, template: self.templateOutsideWindow())))
    }

    /// The template a reply needs when the citizen last wrote more than 24 hours ago (or never), such as an
    /// officer's decision made the next working day; nil inside the window.
    private func templateOutsideWindow() -> String? {
        guard let last = self.state.lastInboundAt, self.now.timeIntervalSince(last) <= 24 * 3600 else {
            return self.configuration.general.whatsAppTemplate
        }
        return nil
    }

    func text(_ key: ReplyKey, _ values: [String: String] = [:]) -> String {
        let catalog = self.configuration.replies[self.state.language] ?? self.configuration.replies[.indonesian]!
        return catalog.render(key, values)
    }

    func button(_ id: String, _ key: ReplyKey) -> Reply.Button {
        Reply.Button(id: id, title: self.text(key))
    }

    var format: Formatting { Formatting(language: self.state.language, calendar: self.configuration.calendar) }

    /// Stores a case as it now is, in the state and through the runtime.
    mutating func save(_ file: CaseFile) {
        var file = file
        if file.branch == nil, let nik = file.nik { file.branch = self.configuration.branch(forNIK: nik)?.id }
        if let index = self.state.cases.lastIndex(where: { $0.id == file.id }) {
            self.state.cases[index] = file
        } else {
            self.state.cases.append(file)
        }
        self.perform(.recordCase(file))
    }

    /// Changes a participant in the directory, and in the identity this conversation verified, so that what the bot
    /// says next in the same conversation knows of the change (one that takes effect later leaves today's record).
    mutating func update(_ nik: String, _ change: ParticipantChange) {
        self.perform(.updateParticipant(nik: nik, change))
        guard let verified = self.state.verified, change.effectiveFrom.map({ $0 <= self.today }) ?? true else { return }
        self.state.verified?.record = verified.record.applying(change, to: nik)
    }

    mutating func enter(_ phase: ConversationState.Phase) {
        self.state.phase = phase
    }
}
