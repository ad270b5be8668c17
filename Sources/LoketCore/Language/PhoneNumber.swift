import Foundation

/// Indonesian mobile numbers in every way people write them, normalised to E.164 (`+628…`).
package enum PhoneNumber {
    /// Normalises a digit string (separators removed): `081234567890`, `6281234567890`, `+62 0812…`.
    ///
    /// - Returns: `+628…`, or nil when the digits are not an Indonesian mobile number of 10–13 domestic digits.
    package static func normalise(digits: String, hadPlus: Bool) -> String? {
        var national: Substring
        if digits.hasPrefix("620") {
            national = digits.dropFirst(3)
        } else if digits.hasPrefix("62") {
            national = digits.dropFirst(2)
        } else if digits.hasPrefix("0"), !hadPlus {
            national = digits.dropFirst(1)
        } else {
            return nil
        }
        // Domestic form 08… has 10–13 digits, so the part after the leading 0 has 9–12.
        guard national.hasPrefix("8"), (9...12).contains(national.count) else { return nil }
        return "+62" + national
    }

    /// Normalises free text that should be one phone number (a slot answer).
    package static func parse(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.filter(\.isASCII).filter(\.isNumber)
        return self.normalise(digits: digits, hadPlus: trimmed.hasPrefix("+"))
    }
}
