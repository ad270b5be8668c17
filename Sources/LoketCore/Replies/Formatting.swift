import Foundation

/// How amounts, dates and times are written to citizens: `Rp140.000`, `Senin, 2 Maret 2026`, `pukul 08.00 WIB`.
package struct Formatting: Sendable {
    package var language: Language
    package var calendar: OfficeCalendar

    package init(language: Language, calendar: OfficeCalendar) {
        self.language = language
        self.calendar = calendar
    }

    private static let monthsID = [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
        "November", "Desember",
    ]
    private static let monthsEN = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    private static let weekdaysID = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"]
    private static let weekdaysEN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    package func rupiah(_ amount: Int) -> String {
        var digits = String(abs(amount))
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits = String(digits.dropLast(3))
        }
        groups.insert(digits, at: 0)
        return "Rp" + groups.joined(separator: self.language == .english ? "," : ".")
    }

    /// "17 Agustus 1990".
    package func date(_ date: CalendarDate) -> String {
        let months = self.language == .english ? Self.monthsEN : Self.monthsID
        return "\(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// "Senin, 2 Maret 2026".
    package func day(_ moment: Date) -> String {
        let local = self.calendar.local(moment)
        let weekdays = self.language == .english ? Self.weekdaysEN : Self.weekdaysID
        return "\(weekdays[local.weekday]), \(self.date(local.date))"
    }

    /// "pukul 08.00 WIB".
    package func time(_ moment: Date) -> String {
        let minutes = self.calendar.local(moment).minuteOfDay
        let clock = String(format: "%02d.%02d", minutes / 60, minutes % 60)
        return self.language == .english ? "at \(clock) \(self.calendar.zone)" : "pukul \(clock) \(self.calendar.zone)"
    }

    /// "Senin, 2 Maret 2026 pukul 08.00 WIB".
    package func moment(_ moment: Date) -> String {
        "\(self.day(moment)) \(self.time(moment))"
    }
}
