import Foundation

/// Everything the bot remembers about one citizen's conversation. Stored between events as one value.
package struct ConversationState: Codable, Equatable, Sendable {
    /// The citizen's channel address (E.164 phone for WhatsApp).
    package var address: String
    package var language: Language = .indonesian
    package var phase: Phase = .idle
    /// Who this sender proved to be, and when; reused for a while so a second request needs no second check.
    package var verified: VerifiedIdentity?
    package var identityFailures = 0
    package var identityLockedUntil: Date?
    /// This citizen's cases, oldest first.
    package var cases: [CaseFile] = []
    package var lastInboundAt: Date?
    /// The channel of the citizen's last message; replies go out through it.
    package var channel: String?
    /// A NIK the citizen gave in a request that ended before identity was checked (it was already registered);
    /// the next request that needs identity starts from it instead of asking again.
    package var rememberedNIK: String?
    /// A second request of an earlier message, offered once the first is done.
    package var laterRequest: Intent?
    /// The buttons of the last reply, so that typing "1" works like tapping the first one.
    package var offeredButtons: [Reply.Button] = []
    /// An officer who took the conversation over; the bot stays silent while it lasts.
    package var handover: Handover?
    /// The message whose NIK the directory is being asked about: the answer replies to it, also when the
    /// redelivery of another message is what finishes the lookup.
    package var lookupAskedBy: String?

    package init(address: String) {
        self.address = address
    }

    /// Where the conversation stands.
    package enum Phase: Codable, Equatable, Sendable {
        /// Nothing in progress; the next message is a new request.
        /// Can transition to: serving, clarifying.
        case idle
        /// A service is under way.
        /// Can transition to: idle, confirmingSwitch, serving (another service).
        case serving(ServiceSession)
        /// The citizen asked for something else mid-flow; the bot asked whether to switch.
        /// Can transition to: serving (the new service or the old one), idle.
        case confirmingSwitch(ServiceSession, to: Intent)
        /// The bot offered a service and waits for yes or no.
        /// Can transition to: serving, idle.
        case offering(Intent, prefill: [String: String])
        /// The bot was unsure between services and offered them as buttons.
        /// Can transition to: serving, idle.
        case clarifying([Intent])
    }

    /// A sender's proven identity.
    package struct VerifiedIdentity: Codable, Equatable, Sendable {
        package var record: DirectoryRecord
        package var at: Date
    }

    package func openCase(_ id: String) -> CaseFile? {
        self.cases.last { $0.id == id }
    }

    /// The NIK the directory was asked about and has not answered yet (nil after it failed to answer: then the
    /// citizen was told to try again later).
    package var pendingLookup: String? {
        guard case .serving(let session) = self.phase, case .lookingUp(let nik, _, .some) = session.step else { return nil }
        return nik
    }
}

/// One service under way: where it stands and what has been collected.
package struct ServiceSession: Codable, Equatable, Sendable {
    package var service: Intent
    package var step: Step
    /// The directory record once identity is known.
    package var record: DirectoryRecord?
    package var nik: String?
    /// Field id → value as collected (normalised).
    package var answers: [String: String] = [:]
    package var documents: [String: Attachment] = [:]
    /// Wrong answers on the current step.
    package var failures = 0
    /// The case this session feeds, when it answers an officer's request.
    package var caseID: String?

    package init(service: Intent, step: Step) {
        self.service = service
        self.step = step
    }

    /// What the bot waits for.
    package enum Step: Codable, Equatable, Sendable {
        /// The NIK. Can transition to: lookingUp.
        case askNIK
        /// The directory is being asked about a NIK, since when (nil once it failed to answer: nothing is on its
        /// way). Can transition to: askNIK, askBirthDate, askCardOrBirthDate.
        case lookingUp(nik: String, next: LookupPurpose, since: Date?)
        /// The birth date, to prove identity.
        case askBirthDate
        /// The card number or the birth date, to prove identity for a sensitive change.
        case askCardOrBirthDate
        /// After explaining the status and the amount: go on?
        case offerProceed
        /// Is the new phone number this one?
        case confirmNewPhone(String)
        /// A field of the service.
        case askField(String)
        /// A document of the service.
        case askDocument(String)
        /// A rule was explained and the bot asks whether its exception applies (a facility change before three
        /// months, for a move or a posting).
        case confirmException(String)
        /// The summary; send the request?
        case confirmSummary
        /// Repeated wrong answers: the bot offered an officer. Holds the step it gave up on.
        indirect case stuck(Step)
    }

    /// Why the directory is asked.
    package enum LookupPurpose: String, Codable, Sendable {
        /// To verify the citizen's identity.
        case identity
        /// To check that a new registrant is not registered yet.
        case registration
    }
}

/// A conversation an officer took over from the bot (live handover).
package struct Handover: Codable, Equatable, Sendable {
    package var officer: String
    /// The `talk_to_officer` case it belongs to.
    package var caseID: String
    package var since: Date
    /// When the citizen was last told, outside office hours, that the officer answers when the office opens.
    package var offHoursNoticeAt: Date?

    package init(officer: String, caseID: String, since: Date) {
        self.officer = officer
        self.caseID = caseID
        self.since = since
    }
}
