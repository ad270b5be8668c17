import LoketCore
import Testing

@Suite struct RelativeDateTests {
    /// Wednesday 11 March 2026.
    static let today = CalendarDate(year: 2026, month: 3, day: 11)!

    @Test(arguments: [
        ("kemarin sore", "2026-03-10"),
        ("tadi pagi jam 5", nil),  // a time of day is a number, and not a date: asked again
        ("tadi pagi", "2026-03-11"),
        ("wingi", "2026-03-10"),
        ("kemarin lusa", "2026-03-09"),
        ("3 hari yang lalu", "2026-03-08"),
        ("tiga hari lalu kak", "2026-03-08"),
        ("senin", "2026-03-09"),
        ("senin kemarin", "2026-03-09"),
        ("rabu lalu", "2026-03-04"),  // said on a Wednesday: the one before
        ("rabu", "2026-03-11"),
        ("last monday", "2026-03-09"),
        ("minggu lalu", nil),  // last week, not last Sunday
        ("tgl 10 kemarin", nil),  // a day of some month
        ("kemarin sy sudah kirim suratnya", nil),  // a sentence about something else
    ] as [(String, String?)])
    func readsADayToldInWords(text: String, expected: String?) {
        #expect(RelativeDate.parse(text, today: Self.today)?.iso == expected)
    }

    @Test func weekdaysFollowTheCalendar() {
        #expect(Self.today.weekday == 3)
        #expect(CalendarDate(year: 1970, month: 1, day: 1)!.weekday == 4)
        #expect(CalendarDate(year: 1969, month: 12, day: 28)!.weekday == 7)
    }
}
