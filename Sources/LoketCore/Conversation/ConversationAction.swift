/// What the runtime must do after an event. The machine decides; the runtime performs.
package enum ConversationAction: Equatable, Sendable {
    /// Send a reply to the citizen (through the outbox).
    case send(Reply)
    /// Ask the directory for a NIK; the answer comes back as `participantLookedUp`.
    case lookUpParticipant(nik: String)
    /// Store the case as it now is (opened or changed).
    case recordCase(CaseFile)
    /// Change a participant in the directory.
    case updateParticipant(nik: String, ParticipantChange)
    /// Add a new participant to the directory.
    case registerParticipant(Participant)
    /// Fire `timerFired` at the timer's time.
    case scheduleTimer(ConversationTimer)
    /// Forget a timer.
    case cancelTimer(id: String)
    /// Tell the officer (or payment sender) that the event could not be applied, and why.
    case refuse(String)
}

/// A change to a directory record.
package enum ParticipantChange: Equatable, Sendable {
    case phone(String)
    /// Paid up: status AKTIF, no arrears.
    case activated
    /// Registered at another FKTP from a date (the 1st of next month).
    case faskes(String, from: CalendarDate)
    /// The family's class from a date (the 1st of next month).
    case careClass(Int, from: CalendarDate)
    /// The family moved to self-paying (PBPU) in a class; still inactive until the first payment.
    case selfPaying(careClass: Int)
    /// Died on a date: inactive for good.
    case deceased(CalendarDate)
    /// The record matches Dukcapil again: a suspension or Dukcapil inactivity ends.
    case dataCorrected
}

extension ConversationAction {
    var isLookup: Bool {
        if case .lookUpParticipant = self { true } else { false }
    }
}
