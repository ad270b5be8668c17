/// Finds NIK, KK, card number, phone, email, birth date, class and virtual account in free text.
///
/// Order matters: emails are cut out first, then dates, then the remaining digit groups are joined into
/// numbers (people write `3171 0157 0890 0002` or `0812-3456-7890`) and each number is recognised by its shape.
package struct EntityExtractor: Sendable {
    /// Two-digit years up to this year's last two digits are read as 20xx, the rest as 19xx.
    package var referenceYear: Int

    package init(referenceYear: Int = 2026) {
        self.referenceYear = referenceYear
    }

    package func extract(_ text: String) -> Entities {
        var entities = Entities()
        var scalars = Array(text.lowercased().unicodeScalars)
        if let email = Self.cutEmail(from: &scalars) { entities.email = email }
        if Self.hasLettersInsideNumber(scalars) { entities.problems.append(.lettersInNumber) }
        let tokens = TextTokens(scalars).tokens
        var consumed = Array(repeating: false, count: tokens.count)
        self.findDates(tokens, consumed: &consumed, into: &entities)
        Self.findClass(tokens, into: &entities)
        Self.findNumbers(tokens, consumed: consumed, into: &entities)
        return entities
    }

    /// A date typed as the answer to "your birth date?": also `17 08 1990`, `17081990` and `170890`, which in free
    /// text could be parts of other numbers.
    package func answeredDate(_ text: String) -> CalendarDate? {
        if let date = self.extract(text).birthDate { return date }
        let groups = text.split { !$0.isNumber }.map(String.init)
        let parts: [String]
        switch groups.count {
        case 3 where groups[0].count <= 2 && groups[1].count <= 2: parts = groups
        case 1 where groups[0].count == 8 || groups[0].count == 6:
            let digits = Array(groups[0])
            parts = [String(digits[0..<2]), String(digits[2..<4]), String(digits[4...])]
        default: return nil
        }
        guard let day = Int(parts[0]), let month = Int(parts[1]), let year = self.fullYear(parts[2]) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    // MARK: - Email

    private static func isEmailScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.isAlphabetic || scalar.isASCIIDigit || "._%+-".unicodeScalars.contains(scalar))
    }

    /// Finds the first email address, removes it from the scalars and returns it.
    private static func cutEmail(from scalars: inout [Unicode.Scalar]) -> String? {
        guard let at = scalars.firstIndex(of: "@") else { return nil }
        var start = at
        while start > 0, self.isEmailScalar(scalars[start - 1]) { start -= 1 }
        var end = at + 1
        while end < scalars.count, self.isEmailScalar(scalars[end]), scalars[end] != "+" { end += 1 }
        while end > at + 1, scalars[end - 1] == "." || scalars[end - 1] == "-" { end -= 1 }
        guard start < at else { return nil }
        var email = String.UnicodeScalarView()
        email.append(contentsOf: scalars[start..<end])
        let address = String(email)
        let domain = address.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        guard let lastDot = domain.lastIndex(of: "."), domain.distance(from: lastDot, to: domain.endIndex) > 2,
            domain.first != "."
        else { return nil }
        for index in start..<end { scalars[index] = " " }
        return address
    }

    /// A run of letters and digits with at least eight digits and one to three letters, like `3171O15708900002`.
    private static func hasLettersInsideNumber(_ scalars: [Unicode.Scalar]) -> Bool {
        var digits = 0
        var letters = 0
        var startsWithDigit = false
        for scalar in scalars + [" "] {
            if scalar.isASCIIDigit {
                if digits == 0 && letters == 0 { startsWithDigit = true }
                digits += 1
            } else if scalar.isAlphabetic {
                letters += 1
            } else {
                if startsWithDigit, digits >= 8, (1...3).contains(letters) { return true }
                digits = 0
                letters = 0
                startsWithDigit = false
            }
        }
        return false
    }

    // MARK: - Dates

    private static let months: [String: Int] = [
        "januari": 1, "jan": 1, "january": 1,
        "februari": 2, "feb": 2, "pebruari": 2, "peb": 2, "february": 2,
        "maret": 3, "mar": 3, "march": 3,
        "april": 4, "apr": 4,
        "mei": 5, "may": 5,
        "juni": 6, "jun": 6, "june": 6,
        "juli": 7, "jul": 7, "july": 7,
        "agustus": 8, "agt": 8, "ags": 8, "agu": 8, "agst": 8, "agus": 8, "aug": 8, "august": 8, "agutus": 8,
        "september": 9, "sep": 9, "sept": 9, "sep.": 9,
        "oktober": 10, "okt": 10, "oct": 10, "october": 10,
        "november": 11, "nov": 11, "nop": 11, "nopember": 11,
        "desember": 12, "des": 12, "dec": 12, "december": 12,
    ]

    private func fullYear(_ text: String) -> Int? {
        guard let value = Int(text) else { return nil }
        switch text.count {
        case 4: return value
        case 2: return value <= self.referenceYear % 100 ? 2000 + value : 1900 + value
        default: return nil
        }
    }

    private func findDates(_ tokens: [TextTokens.Token], consumed: inout [Bool], into entities: inout Entities) {
        var index = 0
        while index < tokens.count {
            if let (length, day, month, year, typed) = self.date(at: index, in: tokens) {
                for offset in index..<(index + length) { consumed[offset] = true }
                if let date = CalendarDate(year: year, month: month, day: day) {
                    if entities.birthDate == nil { entities.birthDate = date }
                } else {
                    entities.problems.append(.impossibleDate(typed))
                }
                index += length
            } else {
                index += 1
            }
        }
    }

    /// A date starting at `index`: its token count, parts and the text as typed.
    private func date(
        at index: Int,
        in tokens: [TextTokens.Token]
    ) -> (Int, Int, Int, Int, String)? {
        func token(_ offset: Int) -> TextTokens.Token? {
            index + offset < tokens.count ? tokens[index + offset] : nil
        }
        func typed(_ length: Int) -> String {
            tokens[index..<(index + length)].map(\.text).joined()
        }
        guard let first = token(0), first.kind == .number else { return nil }
        // 17-08-1985, 17/8/85, 17.08.1985, and 1985-08-17
        if let separator = token(1), separator.kind == .symbol, ["-", "/", "."].contains(separator.text),
            let second = token(2), second.kind == .number, !second.spaceBefore, !separator.spaceBefore,
            let separator2 = token(3), separator2.text == separator.text, !separator2.spaceBefore,
            let third = token(4), third.kind == .number, !third.spaceBefore
        {
            if first.text.count == 4, separator.text == "-", let year = Int(first.text), second.text.count <= 2,
                third.text.count <= 2
            {
                return (5, Int(third.text)!, Int(second.text)!, year, typed(5))
            }
            if first.text.count <= 2, second.text.count <= 2, let year = self.fullYear(third.text) {
                return (5, Int(first.text)!, Int(second.text)!, year, typed(5))
            }
            return nil
        }
        // 17 agustus 1985, 17 agt '85, 17-agu-1985
        guard first.text.count <= 2 else { return nil }
        var offset = 1
        if let dash = token(offset), dash.text == "-" { offset += 1 }
        guard let monthWord = token(offset), monthWord.kind == .word, let month = Self.months[monthWord.text] else {
            return nil
        }
        offset += 1
        while let filler = token(offset), filler.kind == .symbol, ["'", "’", "-", ",", "."].contains(filler.text) {
            offset += 1
        }
        guard let yearToken = token(offset), yearToken.kind == .number, let year = self.fullYear(yearToken.text) else {
            return nil
        }
        let length = offset + 1
        let text = tokens[index..<(index + length)].map { ($0.spaceBefore ? " " : "") + $0.text }.joined()
        return (length, Int(first.text)!, month, year, String(text.drop { $0 == " " }))
    }

    // MARK: - Class

    private static let classWords: Set<String> = ["kelas", "kls", "klas", "class", "kelasnya", "kelase"]
    private static let classValues: [String: Int] = [
        "1": 1, "2": 2, "3": 3, "i": 1, "ii": 2, "iii": 3, "satu": 1, "dua": 2, "tiga": 3,
        "one": 1, "two": 2, "three": 3, "siji": 1, "loro": 2, "telu": 3,
    ]

    private static func findClass(_ tokens: [TextTokens.Token], into entities: inout Entities) {
        for (index, token) in tokens.enumerated() where token.kind == .word && self.classWords.contains(token.text) {
            guard index + 1 < tokens.count, let value = self.classValues[tokens[index + 1].text] else { continue }
            entities.careClass = value
            return
        }
    }

    // MARK: - Numbers

    /// What the words just before a number say it is.
    private enum Label {
        case kk
        case nik
        case none
    }

    private static func label(before index: Int, in tokens: [TextTokens.Token]) -> Label {
        for token in tokens[max(0, index - 4)..<index].reversed() where token.kind == .word {
            switch token.text {
            case "kk", "keluarga", "kartukeluarga": return .kk
            case "nik", "ktp", "kependudukan": return .nik
            default: continue
            }
        }
        return .none
    }

    /// Digit groups written as one number: `3171 0157 0890 0002`, `+62 812-3456-7890`, `(0812) 3456 7890`.
    private struct Chunk {
        var groups: [String]
        var plus: Bool
        var label: Label
    }

    private static func chunks(_ tokens: [TextTokens.Token], consumed: [Bool]) -> [Chunk] {
        var chunks: [Chunk] = []
        var index = 0
        while index < tokens.count {
            guard tokens[index].kind == .number, !consumed[index] else {
                index += 1
                continue
            }
            var plus = false
            var back = index - 1
            while back >= 0, tokens[back].text == "(" { back -= 1 }
            if back >= 0, tokens[back].text == "+" { plus = true }
            var chunk = Chunk(groups: [tokens[index].text], plus: plus, label: self.label(before: index, in: tokens))
            var next = index + 1
            while next < tokens.count {
                var look = next
                var joiners = 0
                while look < tokens.count, tokens[look].kind == .symbol, ["-", ".", "(", ")"].contains(tokens[look].text),
                    joiners < 2
                {
                    look += 1
                    joiners += 1
                }
                guard look < tokens.count, tokens[look].kind == .number, !consumed[look] else { break }
                chunk.groups.append(tokens[look].text)
                next = look + 1
            }
            chunks.append(chunk)
            index = next
        }
        return chunks
    }

    private static func findNumbers(_ tokens: [TextTokens.Token], consumed: [Bool], into entities: inout Entities) {
        let mentionsKK = tokens.contains { $0.kind == .word && ($0.text == "kk" || $0.text == "keluarga") }
        for chunk in self.chunks(tokens, consumed: consumed) {
            var start = 0
            while start < chunk.groups.count {
                var taken = false
                for end in stride(from: chunk.groups.count - 1, through: start, by: -1) {
                    let digits = chunk.groups[start...end].joined()
                    let plus = start == 0 && chunk.plus
                    if self.recognise(digits, plus: plus, label: chunk.label, mentionsKK: mentionsKK, into: &entities) {
                        start = end + 1
                        taken = true
                        break
                    }
                }
                if !taken {
                    let digits = chunk.groups[start]
                    if (9...20).contains(digits.count) { entities.problems.append(.digitCount(digits.count)) }
                    start += 1
                }
            }
        }
    }

    /// Records `digits` as the entity its shape says and returns true, or returns false when it fits none.
    private static func recognise(
        _ digits: String,
        plus: Bool,
        label: Label,
        mentionsKK: Bool,
        into entities: inout Entities
    ) -> Bool {
        if let phone = PhoneNumber.normalise(digits: digits, hadPlus: plus) {
            if entities.phone == nil { entities.phone = phone }
            return true
        }
        switch digits.count {
        case 16:
            if digits.hasPrefix("88888") || digits.hasPrefix("89888") {
                if entities.va == nil { entities.va = digits }
                return true
            }
            let province = Int(digits.prefix(2)) ?? 0
            if label == .kk || (label == .none && mentionsKK && entities.nik != nil && entities.kk == nil) {
                guard NIK.provinceCodes.contains(province) else { return false }
                entities.kk = entities.kk ?? digits
                return true
            }
            switch NIK.validate(digits) {
            case .success(let nik):
                if entities.nik == nil {
                    entities.nik = nik
                } else if entities.kk == nil && mentionsKK {
                    entities.kk = digits
                }
            case .failure(let problem):
                entities.problems.append(.invalidNIK(problem))
            }
            return true
        case 13:
            if entities.card == nil { entities.card = digits }
            return true
        default:
            return false
        }
    }
}
