import LoketCore
import Testing

@Suite struct CalendarArithmeticTests {
    private func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    @Test(arguments: [
        ("2026-01-15", "2026-04-14", 2), ("2026-01-15", "2026-04-15", 3), ("2025-11-30", "2026-02-28", 2),
        ("2026-03-01", "2026-02-01", 0), ("2025-03-02", "2026-03-02", 12),
    ])
    func aMonthCountsOnceItsDayIsReached(from: String, to: String, months: Int) {
        #expect(self.date(from).wholeMonths(until: self.date(to)) == months)
    }

    @Test func addingMonthsKeepsTheDayOrTakesTheMonthsLast() {
        #expect(self.date("2026-01-31").adding(months: 1) == self.date("2026-02-28"))
        #expect(self.date("2024-01-31").adding(months: 1) == self.date("2024-02-29"))
        #expect(self.date("2025-11-20").adding(months: 3) == self.date("2026-02-20"))
        #expect(self.date("2026-03-10").adding(months: -3) == self.date("2025-12-10"))
    }

    @Test func theFirstOfNextMonthCrossesTheYear() {
        #expect(self.date("2026-12-31").firstOfNextMonth == self.date("2027-01-01"))
        #expect(self.date("2026-02-01").firstOfNextMonth == self.date("2026-03-01"))
    }

    @Test func daysCountAcrossLeapYearsBothWays() {
        #expect(self.date("2024-02-01").days(until: self.date("2024-03-01")) == 29)
        #expect(self.date("2026-03-01").days(until: self.date("2026-02-01")) == -28)
        #expect(self.date("2026-02-20").adding(days: 14) == self.date("2026-03-06"))
        #expect(CalendarDate(daysSinceEpoch: 0) == self.date("1970-01-01"))
        #expect(self.date("2000-03-01").daysSinceEpoch == 11_017)
    }
}
