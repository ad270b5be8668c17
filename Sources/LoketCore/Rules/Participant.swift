/// Membership status as the directory records it.
package enum MembershipStatus: String, Codable, Sendable, CaseIterable {
    case aktif
    case nonaktif
    case penangguhan
    /// Registered, the first payment is due.
    case menungguPembayaran = "menunggu_pembayaran"
}

/// Why a membership is not active.
package enum InactiveReason: String, Codable, Sendable, CaseIterable {
    /// Contributions not paid.
    case tunggakan
    /// Employment ended; the employer stopped paying.
    case phk
    /// Removed from PBI (government-paid) by Kemensos or the local government.
    case pbiDicabut = "pbi_dicabut"
    /// NIK not matching Dukcapil, the civil registry.
    case dukcapil
    /// Reported dead; the membership ends for good.
    case meninggal
}

/// Membership segment: who pays.
package enum Segment: String, Codable, Sendable, CaseIterable {
    /// Pekerja Bukan Penerima Upah: self-paying ("mandiri").
    case pbpu
    /// Pekerja Penerima Upah: wage earner, the employer pays.
    case ppu
    /// Penerima Bantuan Iuran: the government pays.
    case pbi
    /// Bukan Pekerja: non-worker.
    case bp
}

/// One JKN participant in the directory.
package struct Participant: Codable, Equatable, Sendable {
    package var nik: String
    package var name: String
    package var birthDate: CalendarDate
    package var status: MembershipStatus
    package var reason: InactiveReason?
    package var segment: Segment
    package var careClass: Int
    package var arrearsMonths: Int
    package var phone: String?
    package var email: String?
    /// Nomor Kartu JKN, 13 digits.
    package var card: String
    /// Nomor Kartu Keluarga; family members share it.
    package var kk: String
    /// The FKTP (primary-care facility) the participant is registered at.
    package var faskes: String
    package var motherName: String?
    package var inactiveSince: CalendarDate?
    package var registeredAt: CalendarDate?
    /// Since when the participant is at the current FKTP (a change is allowed after three months there).
    package var faskesSince: CalendarDate?
    /// Since when the participant is in the current class (a change is allowed after twelve months in it).
    package var classSince: CalendarDate?

    enum CodingKeys: String, CodingKey {
        case nik, name, status, reason, segment, phone, email, card, kk, faskes
        case birthDate = "birth_date"
        case careClass = "class"
        case arrearsMonths = "arrears_months"
        case motherName = "mother_name"
        case inactiveSince = "inactive_since"
        case registeredAt = "registered_at"
        case faskesSince = "faskes_since"
        case classSince = "class_since"
    }

    package init(
        nik: String, name: String, birthDate: CalendarDate, status: MembershipStatus, reason: InactiveReason? = nil,
        segment: Segment = .pbpu, careClass: Int = 3, arrearsMonths: Int = 0, phone: String? = nil,
        email: String? = nil, card: String, kk: String, faskes: String, motherName: String? = nil,
        inactiveSince: CalendarDate? = nil, registeredAt: CalendarDate? = nil, faskesSince: CalendarDate? = nil,
        classSince: CalendarDate? = nil
    ) {
        self.nik = nik
        self.name = name
        self.birthDate = birthDate
        self.status = status
        self.reason = reason
        self.segment = segment
        self.careClass = careClass
        self.arrearsMonths = arrearsMonths
        self.phone = phone
        self.email = email
        self.card = card
        self.kk = kk
        self.faskes = faskes
        self.motherName = motherName
        self.inactiveSince = inactiveSince
        self.registeredAt = registeredAt
        self.faskesSince = faskesSince
        self.classSince = classSince
    }

    /// Women's NIKs carry the day of birth plus 40.
    package var isFemale: Bool { NIK(self.nik)?.isFemale ?? false }

    /// Words that open a name without being what people are called by: Balinese birth-order and caste names,
    /// titles ("I Made Wirawan" is Bapak Wirawan, "Hj. Aminah" is Ibu Aminah).
    private static let namePrefixes: Set<String> = [
        "i", "ni", "made", "putu", "wayan", "nyoman", "komang", "ketut", "kadek", "gede", "luh", "ida",
        "anak", "agung", "gusti", "cokorda", "h", "hj", "dr", "ir", "drs", "prof", "raden", "rr",
    ]

    /// The name people are called by, for "Ibu Siti": the first word that is not a prefix or title.
    package var firstName: String {
        let words = self.name.split(separator: " ").map(String.init)
        let key = { (word: String) in word.lowercased().filter(\.isLetter) }
        return words.first { !Self.namePrefixes.contains(key($0)) } ?? words.last ?? ""
    }
}

/// A directory lookup's answer: the participant and everyone on the same family card.
package struct DirectoryRecord: Codable, Equatable, Sendable {
    package var participant: Participant
    /// The family on the same KK, the participant included.
    package var family: [Participant]

    package init(participant: Participant, family: [Participant]) {
        self.participant = participant
        self.family = family
    }

    /// Everyone the family card's contributions are for: the family, or the participant alone when the directory
    /// lists nobody else.
    package var members: [Participant] { self.family.isEmpty ? [self.participant] : self.family }

    /// The most months any member on the card has left unpaid (contributions are billed per card).
    package var arrearsMonths: Int { self.members.map(\.arrearsMonths).max() ?? 0 }

    /// The record after `change` to participant `nik`, and to the whole family when the change covers it.
    package func applying(_ change: ParticipantChange, to nik: String) -> DirectoryRecord {
        let covered = change.coversFamily && self.members.contains { $0.nik == nik }
        func changed(_ person: Participant) -> Participant {
            person.nik == nik || covered ? change.applied(to: person) : person
        }
        return DirectoryRecord(participant: changed(self.participant), family: self.family.map(changed))
    }
}
