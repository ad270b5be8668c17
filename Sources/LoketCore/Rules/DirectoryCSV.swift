import Foundation

/// Participants from a CSV export of a core system (`loket directory import FILE.csv`), read and checked row by row.
///
/// The first line names the columns, in any order: `nik`, `name`, `birth_date`, `status`, `card`, `kk` and `faskes`
/// are required; `reason`, `segment`, `class`, `arrears_months`, `phone`, `email`, `mother_name`, `inactive_since`,
/// `registered_at`, `faskes_since` and `class_since` may follow. Dates are `YYYY-MM-DD`; phones are written as citizens write them and stored in
/// E.164. Fields may be quoted (RFC 4180), lines end in LF or CRLF.
package enum DirectoryCSV {
    package static let requiredColumns = ["nik", "name", "birth_date", "status", "card", "kk", "faskes"]
    package static let optionalColumns = [
        "reason", "segment", "class", "arrears_months", "phone", "email", "mother_name", "inactive_since", "registered_at",
        "faskes_since", "class_since",
    ]

    /// One record of the file, with the line it starts on (1-based; the header is line 1).
    package struct Record: Equatable, Sendable {
        package var line: Int
        package var fields: [String]
    }

    /// The records of `text`, the header first. A quote left open runs to the end of the file, as in every reader.
    package static func records(_ text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var start = 1
        var characters = text.makeIterator()
        var pending: Character? = characters.next()
        func endRecord() {
            fields.append(field)
            if fields != [""] { records.append(Record(line: start, fields: fields)) }
            fields = []
            field = ""
        }
        while let character = pending {
            pending = characters.next()
            if quoted {
                if character == "\"" {
                    if pending == "\"" {
                        field.append("\"")
                        pending = characters.next()
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                start = line
            default: field.append(character)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// Where each known column is; throws when a required column is missing or a column appears twice.
    package static func columns(_ header: Record) throws(ColumnsError) -> [String: Int] {
        var columns: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let column = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard columns[column] == nil else { throw ColumnsError(description: "the column \(column) appears twice") }
            columns[column] = index
        }
        let missing = self.requiredColumns.filter { columns[$0] == nil }
        guard missing.isEmpty else { throw ColumnsError(description: "missing columns: \(missing.joined(separator: ", "))") }
        return columns
    }

    package struct ColumnsError: Error, CustomStringConvertible {
        package var description: String

        package init(description: String) {
            self.description = description
        }
    }

    /// The participant of one record, or why the record cannot be one.
    package static func participant(_ record: Record, columns: [String: Int]) -> Result<Participant, RowProblem> {
        func value(_ column: String) -> String? {
            guard let index = columns[column], index < record.fields.count else { return nil }
            let text = record.fields[index].trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }
        func fail(_ reason: String) -> Result<Participant, RowProblem> { .failure(RowProblem(line: record.line, reason: reason)) }
        guard record.fields.count == columns.count else {
            return fail("\(record.fields.count) fields where the header has \(columns.count)")
        }
        for column in self.requiredColumns where value(column) == nil { return fail("\(column) is empty") }
        guard let birth = CalendarDate(iso: value("birth_date")!) else { return fail("birth_date is not a date (YYYY-MM-DD)") }
        guard let status = MembershipStatus(rawValue: value("status")!.lowercased()) else {
            return fail("status is one of \(MembershipStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var person = Participant(
            nik: value("nik")!, name: value("name")!, birthDate: birth, status: status, card: value("card")!, kk: value("kk")!,
            faskes: value("faskes")!)
        if let text = value("reason") {
            guard let reason = InactiveReason(rawValue: text.lowercased()) else { return fail("reason \(text) is not known") }
            person.reason = reason
        }
        if let text = value("segment") {
            guard let segment = Segment(rawValue: text.lowercased()) else { return fail("segment \(text) is not known") }
            person.segment = segment
        }
        if let text = value("class") {
            guard let careClass = Int(text) else { return fail("class is a number") }
            person.careClass = careClass
        }
        if let text = value("arrears_months") {
            guard let months = Int(text), months >= 0 else { return fail("arrears_months is a number of months") }
            person.arrearsMonths = months
        }
        if let text = value("phone") {
            guard let phone = PhoneNumber.parse(text) else { return fail("phone is not an Indonesian mobile number") }
            person.phone = phone
        }
        person.email = value("email")
        person.motherName = value("mother_name")
        for (column, keyPath) in [
            ("inactive_since", \Participant.inactiveSince), ("registered_at", \.registeredAt),
            ("faskes_since", \.faskesSince), ("class_since", \.classSince),
        ] {
            guard let text = value(column) else { continue }
            guard let date = CalendarDate(iso: text) else { return fail("\(column) is not a date (YYYY-MM-DD)") }
            person[keyPath: keyPath] = date
        }
        if let problem = DirectoryValidation.problem(with: person) {
            // The report is read by operators: the line finds the row, so the NIK is not repeated in full.
            return fail(problem.replacingOccurrences(of: person.nik, with: Masking.maskDigits(person.nik, keepFirst: 4, keepLast: 4)))
        }
        return .success(person)
    }

    /// A row that was not imported, and why.
    package struct RowProblem: Error, Equatable, Sendable {
        package var line: Int
        package var reason: String

        package init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }
}
