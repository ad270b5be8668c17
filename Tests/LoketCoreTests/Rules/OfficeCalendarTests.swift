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

    /// A branch whose office closes for lunch, and longer on Friday for the prayers.
    static func withBreaks() throws -> OfficeCalendar {
        var files = try ProjectConfiguration.files()
        var text = files["calendar.yaml"]!
        for day in ["monday", "tuesday", "wednesday", "thursday"] {
            text = text.replacingOccurrences(of: "  \(day): [\"08:00-15:00\"]", with: "  \(day): [\"08:00-12:00\", \"13:00-16:00\"]")
        }
        text = text.replacingOccurrences(of: "  friday: [\"08:00-15:00\"]", with: "  friday: [\"08:00-11:30\", \"13:30-16:00\"]")
        files["calendar.yaml"] = text
        return try ConfigurationLoader.load(files: files).calendar
    }

    @Test func severalPeriodsADayCloseForLunchAndFridayPrayers() throws {
        let calendar = try Self.withBreaks()
        #expect(!calendar.isOpen(at: self.moment("2026-03-02T12:30:00+07:00")))
        #expect(calendar.isOpen(at: self.moment("2026-03-02T15:30:00+07:00")))
        #expect(calendar.nextOpening(atOrAfter: self.moment("2026-03-02T12:30:00+07:00")) == self.moment("2026-03-02T13:00:00+07:00"))
        #expect(calendar.nextOpening(atOrAfter: self.moment("2026-03-06T11:45:00+07:00")) == self.moment("2026-03-06T13:30:00+07:00"))
        // Two working hours from 11:00 on Monday: one before lunch, one after.
        #expect(calendar.adding(workingMinutes: 120, to: self.moment("2026-03-02T11:00:00+07:00")) == self.moment("2026-03-02T14:00:00+07:00"))
    }
}
