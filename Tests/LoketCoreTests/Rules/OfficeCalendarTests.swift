import Foundation
import LoketCore
import Testing

@Suite struct OfficeCalendarTests {
    let calendar = ProjectConfiguration.loaded.calendar

    func moment(_ iso: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: iso)!
    }

    @Test func isOpenOnAWeekdayMorning() {
        #expect(self.calendar.isOpen(at: self.moment("2026-03-02T09:15:00+07:00")))
    }

    @Test func isClosedAtNightAndOnSunday() {
        #expect(!self.calendar.isOpen(at: self.moment("2026-03-02T21:00:00+07:00")))
        #expect(!self.calendar.isOpen(at: self.moment("2026-03-01T10:00:00+07:00")))
    }

    @Test func aFridayEveningCaseWaitsForMonday() {
        let opening = self.calendar.nextOpening(atOrAfter: self.moment("2026-03-06T16:00:00+07:00"))
        #expect(opening == self.moment("2026-03-09T08:00:00+07:00"))
    }

    @Test func holidaysAreSkipped() throws {
        let holiday = try #require(self.calendar.holidays.first)
        let morning = self.calendar.moment(holiday.date, minuteOfDay: 9 * 60)
        #expect(!self.calendar.isOpen(at: morning))
    }

    @Test func localTimeCrossesMidnightInTheOfficeZone() {
        let local = self.calendar.local(self.moment("2026-03-01T18:30:00Z"))
        #expect(local.date.iso == "2026-03-02")
        #expect(local.weekday == 1)
        #expect(local.minuteOfDay == 90)
    }
}
