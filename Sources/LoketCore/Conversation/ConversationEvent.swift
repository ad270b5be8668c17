import Foundation

/// A message from a citizen, as every channel delivers it.
package struct InboundMessage: Codable, Equatable, Sendable {
    /// The platform's message id, unique per channel; used to ignore redeliveries.
    package var id: String
    package var from: String
    package var text: String?
    package var attachments: [Attachment]
    /// The id of a reply button or list row the citizen tapped.
    package var button: String?
    /// The citizen's name as the platform knows it.
    package var profileName: String?
    /// The channel it came through (`whatsapp`, `generic`, `web`, `console`), so replies go back the same way.
    package var channel: String?

    package init(id: String, from: String, text: String? = nil, attachments: [Attachment] = [], button: String? = nil, profileName: String? = nil) {
        self.id = id
        self.from = from
        self.text = text
        self.attachments = attachments
        self.button = button
        self.profileName = profileName
    }
}

/// What an officer decided about a case.
package enum OfficerDecision: Codable, Equatable, Sendable {
    case claim
    case release
    case approve
    /// Back to the citizen with what to fix; optionally the document to send again.
    case reject(reason: String, document: String?)
    /// Ended as not eligible.
    case close(reason: String)
    /// One more document.
    case ask(document: String)
    /// A free message to the citizen.
    case reply(String)
    /// Live handover of a `talk_to_officer` case: the officer takes the conversation (the bot falls silent),
    /// chats with the citizen, and hands it back to the bot, which closes the case.
    case takeOver
    case say(String)
    case handBack
    /// A supervisor gives a waiting or claimed case to an officer.
    case assign(to: String)

    /// Reads a decision as written in transcripts and typed in `loket chat`: `approve`, `reject blurry ktp`,
    /// `ask kk`, `close not_eligible`, `reply TEXT`, `take_over`, `say TEXT`, `hand_back`, `claim`, `release`,
    /// `assign OFFICER`.
    package init?(command: String) {
        let parts = command.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        let words = argument?.split(separator: " ").map(String.init) ?? []
        switch (parts.first ?? "", words.count) {
        case ("claim", 0): self = .claim
        case ("release", 0): self = .release
        case ("approve", 0): self = .approve
        case ("take_over", 0): self = .takeOver
        case ("hand_back", 0): self = .handBack
        case ("reject", 1), ("reject", 2): self = .reject(reason: words[0], document: words.count > 1 ? words[1] : nil)
        case ("close", 1): self = .close(reason: words[0])
        case ("ask", 1): self = .ask(document: words[0])
        case ("reply", 1...): self = .reply(argument!)
        case ("say", 1...): self = .say(argument!)
        case ("assign", 1): self = .assign(to: words[0])
        default: return nil
        }
    }

    /// The forms ``init(command:)`` reads, for error messages.
    package static let commands = "claim, release, approve, reject REASON [DOCUMENT], close REASON, ask DOCUMENT, reply TEXT, take_over, say TEXT, hand_back, assign OFFICER"
}

/// A payment into a virtual account.
package struct Payment: Codable, Equatable, Sendable {
    package var virtualAccount: String
    package var amount: Int
    /// The payment provider's reference; unique per payment.
    package var reference: String

    package init(virtualAccount: String, amount: Int, reference: String) {
        self.virtualAccount = virtualAccount
        self.amount = amount
        self.reference = reference
    }
}

/// A timer the machine asked for.
package struct ConversationTimer: Codable, Equatable, Sendable {
    package enum Purpose: String, Codable, Sendable {
        /// Remind the citizen that the VA deadline is near.
        case paymentReminder = "payment_reminder"
        /// The case's SLA ends: if no officer has decided by then, it is escalated to a supervisor.
        case slaDue = "sla_due"
        /// A move to self-paying with the 14-day waiting period: the membership turns active.
        case waitingPeriodEnds = "waiting_period_ends"
    }

    package var id: String
    package var purpose: Purpose
    package var caseID: String
    package var fireAt: Date

    package init(id: String, purpose: Purpose, caseID: String, fireAt: Date) {
        self.id = id
        self.purpose = purpose
        self.caseID = caseID
        self.fireAt = fireAt
    }
}

/// What the runtime hands the machine with every event: the time and a fresh number for ids.
///
/// The machine reads no clock and draws no random numbers; both come in here.
package struct EventContext: Sendable {
    package var now: Date
    /// A number never handed out before, for ticket numbers and new card numbers.
    package var sequence: Int

    package init(now: Date, sequence: Int) {
        self.now = now
        self.sequence = sequence
    }
}
