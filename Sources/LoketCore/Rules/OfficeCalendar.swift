import Foundation

/// Office hours and holidays (`config/calendar.yaml`): when officers work, and so when a case is handled.
///
/// The zone is a fixed UTC offset (Indonesia has no daylight saving), so local times are plain arithmetic.
package struct OfficeCalendar: Decodable, Equatable, Sendable {
    /// A period of one day when officers work, in minutes after midnight.
    package struct Period: Equatable, Sendable {
        package var start: Int
        package var end: Int
    }

    package struct Holiday: Decodable, Equatable, Sendable {
        package var date: CalendarDate
        package var name: String
    }

    /// The label used in replies ("WIB").
    package var zone: String
    /// Seconds east of UTC.
    package var utcOffsetSeconds: Int
    /// Periods per weekday, Sunday = 0.
    package var periods: [[Period]]
    package var holidays: [Holiday]

    private static let weekdayKeys = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    enum CodingKeys: String, CodingKey {
        case zone, holidays
        case utcOffset = "utc_offset"
        case officeHours = "office_hours"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.zone = try container.decode(String.self, forKey: .zone)
        let offset = try container.decode(String.self, forKey: .utcOffset)
        guard let seconds = Self.parseOffset(offset) else {
            throw DecodingError.dataCorruptedError(forKey: .utcOffset, in: container, debugDescription: "expected +HH:MM, got \(offset)")
        }
        self.utcOffsetSeconds = seconds
        let hours = try container.decode([String: [String]].self, forKey: .officeHours)
        self.periods = try Self.weekdayKeys.map { key in
            try (hours[key] ?? []).map { text in
                guard let period = Self.parsePeriod(text) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .officeHours, in: container,
                        debugDescription: "office_hours.\(key): expected HH:MM-HH:MM, got \(text)")
                }
                return period
            }
        }
        self.holidays = try container.decodeIfPresent([Holiday].self, forKey: .holidays) ?? []
    }

    private static func parseOffset(_ text: String) -> Int? {
        let sign = text.hasPrefix("-") ? -1 : 1
        let parts = text.drop { $0 == "+" || $0 == "-" }.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0...14).contains(parts[0]), (0..<60).contains(parts[1]) else { return nil }
        return sign * (parts[0] * 3600 + parts[1] * 60)
    }

    private static func parseMinutes(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, (0...24).contains(parts[0]), (0..<60).contains(parts[1]) else { return nil }
        return parts[0] * 60 + parts[1]
    }

    private static func parsePeriod(_ text: String) -> Period? {
        let ends = text.split(separator: "-")
        guard ends.count == 2, let start = self.parseMinutes(ends[0]), let end = self.parseMinutes(ends[1]), start < end
        else { return nil }
        return Period(start: start, end: end)
    }

    // MARK: - Local time

    /// A moment in the office's zone.
    package struct LocalTime: Equatable, Sendable {
        package var date: CalendarDate
        /// Sunday = 0.
        package var weekday: Int
        package var minuteOfDay: Int
    }

    package func local(_ moment: Date) -> LocalTime {
        let seconds = Int(moment.timeIntervalSince1970.rounded(.down)) + self.utcOffsetSeconds
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let minuteOfDay = (seconds - days * 86_400) / 60
        return LocalTime(date: CalendarDate(daysSinceEpoch: days), weekday: ((days % 7) + 11) % 7, minuteOfDay: minuteOfDay)
    }

    /// The moment a local date and minute denote.
    package func moment(_ date: CalendarDate, minuteOfDay: Int) -> Date {
        let days = date.daysSinceEpoch
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + minuteOfDay * 60 - self.utcOffsetSeconds))
    }

    // MARK: - Office hours

    package func holiday(on date: CalendarDate) -> Holiday? {
        self.holidays.first { $0.date == date }
    }

    /// Whether officers are at work at `moment`.
    package func isOpen(at moment: Date) -> Bool {
        let local = self.local(moment)
        guard self.holiday(on: local.date) == nil else { return false }
        return self.periods[local.weekday].contains { $0.start <= local.minuteOfDay && local.minuteOfDay < $0.end }
    }

    /// The next moment officers are at work, `moment` itself when they are.
    package func nextOpening(atOrAfter moment: Date) -> Date {
        if self.isOpen(at: moment) { return moment }
        let local = self.local(moment)
        var date = local.date
        var weekday = local.weekday
        for dayOffset in 0..<60 {
            if self.holiday(on: date) == nil {
                let start = self.periods[weekday].first { dayOffset > 0 || $0.start > local.minuteOfDay }
                if let start { return self.moment(date, minuteOfDay: start.start) }
            }
            date = self.local(self.moment(date, minuteOfDay: 0).addingTimeInterval(86_400)).date
            weekday = (weekday + 1) % 7
        }
        return moment
    }

    /// The moment `workingMinutes` of office time after `moment` have passed (for SLAs).
    package func adding(workingMinutes: Int, to moment: Date) -> Date {
        var remaining = workingMinutes
        var cursor = self.nextOpening(atOrAfter: moment)
        while remaining > 0 {
            let local = self.local(cursor)
            guard let period = self.periods[local.weekday].first(where: { $0.start <= local.minuteOfDay && local.minuteOfDay < $0.end })
            else { break }
            let available = period.end - local.minuteOfDay
            if remaining <= available { return cursor.addingTimeInterval(TimeInterval(remaining * 60)) }
            remaining -= available
            cursor = self.nextOpening(atOrAfter: cursor.addingTimeInterval(TimeInterval(available * 60)))
        }
        return cursor
    }
}
