import Foundation

/// A day told in words relative to today: "kemarin sore", "tadi pagi", "3 hari yang lalu", "senin", "wingi".
///
/// Only for the dates of events (a death, the end of a job), never for birth dates; the caller brings today,
/// since the core reads no clock. A message reads as a relative date only when every word in it is a time word or
/// a filler ("kemarin sore kak"), so "tgl 10 kemarin" (a day of some month) and "kemarin sy kirim suratnya" (a
/// sentence) are not taken for one.
package enum RelativeDate {
    private static let daysBack: [String: Int] = [
        "hari ini": 0, "tadi": 0, "barusan": 0, "today": 0, "dinten ieu": 0, "dino iki": 0,
        "kemarin": 1, "kemaren": 1, "kmrn": 1, "kmrin": 1, "kmren": 1, "kemarn": 1, "wingi": 1, "kamari": 1,
        "yesterday": 1, "semalam": 1, "tadi malam": 1, "last night": 1,
        "kemarin lusa": 2, "lusa kemarin": 2, "day before yesterday": 2,
    ]

    /// The phrases, longest first, so that "kemarin lusa" is not read as "kemarin".
    private static let phrasesLongestFirst = daysBack.sorted { $0.key.count > $1.key.count }

    /// Weekdays by name, Monday first (1) as in ISO 8601.
    private static let weekdays: [String: Int] = [
        "senin": 1, "selasa": 2, "rabu": 3, "kamis": 4, "jumat": 5, "sabtu": 6, "minggu": 7, "ahad": 7,
        "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
    ]

    private static let numbers: [String: Int] = [
        "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "one": 1, "two": 2, "three": 3,
        "four": 4, "five": 5, "six": 6, "seven": 7,
    ]

    private static let fillers: Set<String> = [
        "pagi", "siang", "sore", "malam", "subuh", "dini", "jam", "pukul", "sekitar", "kira", "hari", "yang", "yg",
        "lalu", "kak", "min", "bu", "pak", "mas", "mbak", "teh", "kang", "ya", "sih", "aja", "saja", "meninggal",
        "meninggalnya", "wafat", "wafatnya", "tanggal", "tgl", "pas", "waktu", "beliau", "itu", "on", "at", "in",
        "the", "morning", "afternoon", "evening", "night", "he", "she", "died", "passed", "away", "last", "ago",
        "day", "days", "about", "around", "this", "ini", "hr", "tepatnya",
    ]

    /// The day `text` names, counted back from `today`; nil when it names none or says more than a day.
    package static func parse(_ text: String, today: CalendarDate) -> CalendarDate? {
        let words = text.lowercased().replacingOccurrences(of: "'", with: "").split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard !words.isEmpty, words.count <= 8 else { return nil }
        let joined = " " + words.joined(separator: " ") + " "
        var found: Int?
        var used = Set<String>()
        // "3 hari yang lalu", "tiga hari lalu", "2 days ago".
        if let index = words.firstIndex(where: { $0 == "hari" || $0 == "days" || $0 == "hr" }), index > 0,
            let count = Int(words[index - 1]) ?? self.numbers[words[index - 1]], (1...31).contains(count),
            joined.contains(" lalu ") || joined.contains(" ago ")
        {
            found = count
            used.insert(words[index - 1])
        }
        if found == nil, let name = words.first(where: { self.weekdays[$0] != nil }), let weekday = self.weekdays[name] {
            // "minggu lalu" is last week, not last Sunday.
            if name == "minggu", joined.contains(" minggu lalu ") || joined.contains(" minggu kemarin ") { return nil }
            let back = (today.weekday - weekday + 7) % 7
            // "senin kemarin" said on a Monday means the one before.
            let saysPast = joined.contains(" lalu ") || joined.contains(" kemarin ") || joined.contains(" last ")
            found = back == 0 && saysPast ? 7 : back
            used.insert(name)
            used.insert("kemarin")
        }
        if found == nil, let phrase = self.phrasesLongestFirst.first(where: { joined.contains(" \($0.key) ") }) {
            found = phrase.value
            used.formUnion(phrase.key.split(separator: " ").map(String.init))
        }
        guard let back = found else { return nil }
        guard words.allSatisfy({ used.contains($0) || self.fillers.contains($0) }) else { return nil }
        return today.adding(days: -back)
    }
}
