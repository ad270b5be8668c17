/// What a change does to a participant: pure rules, applied by the stores to the directory and by the machine to
/// the record it verified.
extension ParticipantChange {
    /// Whether the change applies to everyone on the participant's family card (contributions are per card).
    package var coversFamily: Bool {
        switch self {
        case .phone, .faskes, .deceased, .dataCorrected: false
        case .activated, .careClass, .selfPaying: true
        }
    }

    /// The day a change takes effect when that is not at once: a facility or class from the 1st of next month.
    package var effectiveFrom: CalendarDate? {
        switch self {
        case .faskes(_, let from), .careClass(_, let from): from
        case .phone, .activated, .selfPaying, .deceased, .dataCorrected: nil
        }
    }

    /// The participant after the change.
    package func applied(to participant: Participant) -> Participant {
        var person = participant
        switch self {
        case .phone(let phone):
            person.phone = phone
        case .activated:
            person.status = .aktif
            person.reason = nil
            person.arrearsMonths = 0
            person.inactiveSince = nil
        case .faskes(let faskes, let from):
            person.faskes = faskes
            person.faskesSince = from
        case .careClass(let careClass, let from):
            person.careClass = careClass
            person.classSince = from
        case .selfPaying(let careClass):
            person.segment = .pbpu
            person.careClass = careClass
        case .deceased(let date):
            person.status = .nonaktif
            person.reason = .meninggal
            person.inactiveSince = date
        case .dataCorrected:
            if person.status == .penangguhan || person.reason == .dukcapil {
                person.status = person.arrearsMonths > 0 ? .nonaktif : .aktif
                person.reason = person.arrearsMonths > 0 ? .tunggakan : nil
            }
        }
        return person
    }
}
