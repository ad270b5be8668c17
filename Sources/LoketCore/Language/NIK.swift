/// NIK (Nomor Induk Kependudukan), the 16-digit national identity number: `PP KK CC DDMMYY SSSS`.
///
/// `PP` is a province code, `DD` the day of birth (plus 40 for women), `MM` the month, `YY` the year's last
/// two digits and `SSSS` a serial from 0001. There is no checksum.
package struct NIK: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The sixteen digits.
    package let digits: String

    /// Province codes in use (Kepmendagri kode wilayah).
    static let provinceCodes: Set<Int> = Set(
        Array(11...19) + [21] + Array(31...36) + Array(51...53) + Array(61...65) + Array(71...76) + [81, 82]
            + Array(91...97)
    )

    /// Why sixteen digits are not a NIK.
    package enum Problem: String, Error, Equatable, Sendable, Codable {
        case wrongLength
        case unknownProvince
        case impossibleBirthDate
        case zeroSerial
    }

    /// Validates sixteen digits (separators already removed).
    package static func validate(_ digits: String) -> Result<NIK, Problem> {
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == 16, digits.count == 16 else { return .failure(.wrongLength) }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + values[$1] } }
        guard self.provinceCodes.contains(number(0..<2)) else { return .failure(.unknownProvince) }
        var day = number(6..<8)
        if day > 40 { day -= 40 }
        let month = number(8..<10)
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysIn(month: month, year: 2000 + number(10..<12))
        else { return .failure(.impossibleBirthDate) }
        guard number(12..<16) != 0 else { return .failure(.zeroSerial) }
        return .success(NIK(digits: digits))
    }

    private init(digits: String) {
        self.digits = digits
    }

    package init?(_ digits: String) {
        guard case .success(let nik) = Self.validate(digits) else { return nil }
        self = nik
    }

    /// Women's NIKs carry the day of birth plus 40.
    package var isFemale: Bool {
        let day = self.digits.dropFirst(6).prefix(2)
        return (Int(day) ?? 0) > 40
    }

    /// The day and month of birth encoded in the NIK, and the year's last two digits.
    package var encodedBirth: (day: Int, month: Int, twoDigitYear: Int) {
        let values = self.digits.compactMap(\.wholeNumberValue)
        let day = values[6] * 10 + values[7]
        return (day > 40 ? day - 40 : day, values[8] * 10 + values[9], values[10] * 10 + values[11])
    }

    /// The NIK as shown to citizens: `3171********0002`.
    package var masked: String { Masking.maskDigits(self.digits, keepFirst: 4, keepLast: 4) }

    package var description: String { self.masked }
}
