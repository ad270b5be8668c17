/// What a citizen wants. The raw values are a contract used by config, transcripts and evaluation.
package enum Intent: String, CaseIterable, Codable, Sendable, Hashable {
    /// A new participant.
    case register
    /// Registered but not yet active: the first payment.
    case activate
    /// Was active, now NON-AKTIF.
    case reactivate
    /// A new phone number (or email) on record.
    case changePhone = "change_phone"
    /// NIK, KK, name, birth date, address, PENANGGUHAN.
    case updateData = "update_data"
    /// A family member or a newborn.
    case addMember = "add_member"
    /// A different FKTP (primary-care facility).
    case changeFaskes = "change_faskes"
    /// A different class of care.
    case changeClass = "change_class"
    /// PPU to PBPU after leaving an employer, and similar.
    case changeSegment = "change_segment"
    /// A member has died.
    case reportDeath = "report_death"
    /// Is the membership active?
    case checkStatus = "check_status"
    /// The bill, arrears, contribution, VA, how to pay.
    case checkBill = "check_bill"
    /// A lost card number, the digital card.
    case cardNumber = "card_number"
    /// Help with the Mobile JKN app.
    case accountHelp = "account_help"
    /// Progress of a request made here.
    case caseStatus = "case_status"
    /// A human, or a complaint.
    case talkToOfficer = "talk_to_officer"
    case greeting
    case thanks
    case cancel
    case menu
    /// Not something Loket handles.
    case outOfScope = "out_of_scope"

    /// Intents that name a service (a file in `config/services/`).
    package var isService: Bool {
        switch self {
        case .greeting, .thanks, .cancel, .menu, .outOfScope: false
        case .register, .activate, .reactivate, .changePhone, .updateData, .addMember, .changeFaskes, .changeClass,
            .changeSegment, .reportDeath, .checkStatus, .checkBill, .cardNumber, .accountHelp, .caseStatus,
            .talkToOfficer:
            true
        }
    }
}
