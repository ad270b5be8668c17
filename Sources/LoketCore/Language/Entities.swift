/// What a message contains that the bot can use: identifiers, contact details, a date and a class.
///
/// Values are normalised (phone E.164, dates as ``CalendarDate``, digit strings without separators). A value that
/// looks like an identifier but is not valid is never returned as one; it is reported in ``problems`` instead, so
/// the bot can say what was wrong.
package struct Entities: Equatable, Sendable {
    package var nik: NIK?
    /// Nomor Kartu Keluarga: 16 digits.
    package var kk: String?
    /// Nomor Kartu JKN (NOKA): 13 digits with leading zeros.
    package var card: String?
    /// E.164, `+628…`.
    package var phone: String?
    package var email: String?
    package var birthDate: CalendarDate?
    /// Kelas rawat: 1, 2 or 3.
    package var careClass: Int?
    /// Virtual account: 16 digits starting 88888 or 89888.
    package var va: String?
    package var problems: [EntityProblem] = []

    package init() {}

    /// Whether nothing was found.
    package var isEmpty: Bool {
        self.nik == nil && self.kk == nil && self.card == nil && self.phone == nil && self.email == nil
            && self.birthDate == nil && self.careClass == nil && self.va == nil
    }
}

/// Something that looked like an entity but was not a valid one.
package enum EntityProblem: Equatable, Sendable {
    /// Sixteen digits that are not a NIK.
    case invalidNIK(NIK.Problem)
    /// A long number that fits no identifier; carries its digit count.
    case digitCount(Int)
    /// Digits with letters among them (`3171O157…`).
    case lettersInNumber
    /// A date that does not exist, as typed (`31-02-1990`).
    case impossibleDate(String)
}
