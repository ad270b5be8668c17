/// Counting days and months between calendar dates: the waiting periods and deadlines of the services.
extension CalendarDate {
    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    package var daysSinceEpoch: Int {
        let year = self.month <= 2 ? self.year - 1 : self.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let monthIndex = (self.month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + self.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date `days` after 1970-01-01.
    package init(daysSinceEpoch days: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self = CalendarDate(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)!
    }

    /// Days from this date to `later` (negative when `later` comes first).
    package func days(until later: CalendarDate) -> Int {
        later.daysSinceEpoch - self.daysSinceEpoch
    }

    /// The day of the week as ISO 8601 counts it: Monday 1 … Sunday 7 (1970-01-01 was a Thursday).
    package var weekday: Int {
        (self.daysSinceEpoch % 7 + 10) % 7 + 1
    }

    package func adding(days: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: self.daysSinceEpoch + days)
    }

    /// Whole months from this date to `later`; a month counts once its day is reached (15 January to 14 April is 2).
    package func wholeMonths(until later: CalendarDate) -> Int {
        var months = (later.year - self.year) * 12 + (later.month - self.month)
        if later.day < self.day { months -= 1 }
        return max(0, months)
    }

    /// The same day `months` later, or the month's last day when it has no such day (31 January + 1 is 28 February).
    package func adding(months: Int) -> CalendarDate {
        let index = self.year * 12 + (self.month - 1) + months
        let year = index / 12
        let month = index % 12 + 1
        return CalendarDate(year: year, month: month, day: min(self.day, Self.daysIn(month: month, year: year)))!
    }

    /// The 1st of the next month: when a change of facility or class takes effect.
    package var firstOfNextMonth: CalendarDate {
        CalendarDate(year: self.month == 12 ? self.year + 1 : self.year, month: self.month % 12 + 1, day: 1)!
    }
}
