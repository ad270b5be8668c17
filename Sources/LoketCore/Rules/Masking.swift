import Foundation

/// How personal data is shown back to citizens and written to logs: never in full.
package enum Masking {
    /// Keeps the first and last digits and stars the rest: `3171********0002`.
    package static func maskDigits(_ digits: String, keepFirst: Int, keepLast: Int) -> String {
        guard digits.count > keepFirst + keepLast else { return String(repeating: "*", count: digits.count) }
        return String(digits.prefix(keepFirst)) + String(repeating: "*", count: digits.count - keepFirst - keepLast)
            + digits.suffix(keepLast)
    }

    /// Text with every run of eight or more digits masked (NIK, card numbers, phone numbers, virtual accounts),
    /// for showing a reply where others read along: `kartu 0001018827364` → `kartu 0001*****7364`.
    package static func maskNumbers(in text: String) -> String {
        var masked = ""
        var digits = ""
        func flush() {
            masked += digits.count >= 8 ? self.maskDigits(digits, keepFirst: 4, keepLast: 4) : digits
            digits = ""
        }
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else {
                flush()
                masked.append(character)
            }
        }
        flush()
        return masked
    }

    /// An E.164 Indonesian number in its domestic form, masked: `+6281234567890` → `0812****7890`.
    package static func maskPhone(_ e164: String) -> String {
        let domestic = e164.hasPrefix("+62") ? "0" + e164.dropFirst(3) : e164
        return self.maskDigits(domestic, keepFirst: 4, keepLast: 4)
    }

    /// A name with every word after the first reduced to its initial: `Budi Santoso` → `Budi S*****`.
    package static func maskName(_ name: String) -> String {
        let words = name.split(separator: " ")
        guard let first = words.first else { return "" }
        let rest = words.dropFirst().map { word in String(word.prefix(1)) + String(repeating: "*", count: word.count - 1) }
        return ([String(first)] + rest).joined(separator: " ")
    }

    /// An email address with most of the local part hidden: `siti.rahma@example.com` → `si********@example.com`.
    package static func maskEmail(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@") else { return self.maskDigits(email, keepFirst: 2, keepLast: 0) }
        let local = email[..<at]
        return String(local.prefix(2)) + String(repeating: "*", count: max(0, local.count - 2)) + String(email[at...])
    }

    /// A database URL with its password hidden: `postgres://loket:***@db:5432/loket`.
    package static func maskURL(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://"), let colon = url[scheme.upperBound..<at].firstIndex(of: ":")
        else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }
}
