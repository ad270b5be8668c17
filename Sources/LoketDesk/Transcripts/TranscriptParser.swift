import Foundation
import LoketCore

/// Why a transcript file cannot be read: the line and the reason.
package struct TranscriptError: Error, Equatable, CustomStringConvertible {
    package var path: String
    package var line: Int
    package var reason: String

    package init(path: String, line: Int, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    package var description: String { "\(self.path):\(self.line): \(self.reason)" }
}

/// Reads the transcript language of DESIGN.md (`user:`, `bot:`, `officer:`, `payment:`, `clock:`, …).
package enum TranscriptParser {
    package static func parse(_ text: String, path: String) throws(TranscriptError) -> Transcript {
        var transcript = Transcript(path: path, title: nil, loose: false, steps: [])
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw TranscriptError(path: path, line: number, reason: "expected 'actor: content'")
            }
            let actor = line[..<colon].trimmingCharacters(in: .whitespaces)
            let content = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            func fail(_ reason: String) -> TranscriptError { TranscriptError(path: path, line: number, reason: reason) }
            func step(_ action: Transcript.Action) { transcript.steps.append(.init(line: number, action: action)) }

            switch actor {
            case "title":
                transcript.title = content
            case "mode":
                guard content == "loose" || content == "strict" else { throw fail("mode is 'loose' or 'strict'") }
                transcript.loose = content == "loose"
            case "bot":
                step(.bot(try self.expectation(content, fail: fail)))
            case "officer":
                step(.officer(try self.decision(content, fail: fail)))
            case "payment":
                let parts = content.split(separator: " ")
                guard parts.count == 2, let amount = Int(parts[1]) else { throw fail("expected 'payment: VA AMOUNT'") }
                step(.payment(virtualAccount: String(parts[0]), amount: amount))
            case "clock":
                if content.hasPrefix("+") {
                    guard let seconds = self.duration(String(content.dropFirst())) else {
                        throw fail("expected a duration like +2h, +30m, +1d")
                    }
                    step(.clockAdvance(seconds))
                } else {
                    guard let date = self.date(content) else { throw fail("expected an ISO 8601 time with a zone") }
                    step(.clockSet(date))
                }
            case "redeliver":
                step(.redeliver)
            case "directory":
                guard content == "down" || content == "up" else { throw fail("expected 'directory: down' or 'directory: up'") }
                step(.directory(available: content == "up"))
            case "given participant":
                step(.givenParticipant(try self.participant(self.pairs(content), fail: fail)))
            case "given case":
                step(.givenCase(try self.caseFile(self.pairs(content), fail: fail)))
            case "case":
                let parts = content.split(separator: " ").map(String.init)
                guard let first = parts.first, let state = CaseState(rawValue: first) else {
                    throw fail("unknown case state '\(content)'")
                }
                var service: Intent?
                if parts.count > 1 {
                    guard let intent = Intent(rawValue: parts[1]) else { throw fail("unknown service '\(parts[1])'") }
                    service = intent
                }
                step(.expectCase(state, service))
            case "participant":
                var pairs = self.pairs(content)
                guard let nik = pairs.first(where: { $0.value == nil })?.key else { throw fail("expected 'participant: NIK key=value …'") }
                pairs.removeAll { $0.value == nil }
                step(.expectParticipant(nik: nik, fields: Dictionary(pairs.map { ($0.key, $0.value ?? "") }, uniquingKeysWith: { $1 })))
            default:
                guard actor == "user" || (actor.hasPrefix("user(") && actor.hasSuffix(")")) else {
                    throw fail("unknown actor '\(actor)'")
                }
                let from = actor == "user" ? nil : String(actor.dropFirst(5).dropLast())
                step(try self.userMessage(content, from: from, fail: fail))
            }
        }
        return transcript
    }

    // MARK: - Pieces

    private static func expectation(
        _ content: String,
        fail: (String) -> TranscriptError
    ) throws(TranscriptError) -> Transcript.ReplyExpectation {
        var text = content
        var buttons: [String]?
        var template: String?
        if let range = text.range(of: "[template:", options: .backwards), text.hasSuffix("]") {
            template = text[range.upperBound..<text.index(before: text.endIndex)].trimmingCharacters(in: .whitespaces)
            text = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
        }
        if let range = text.range(of: "[buttons:", options: .backwards), text.hasSuffix("]") {
            buttons = text[range.upperBound..<text.index(before: text.endIndex)]
                .split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            text = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
        }
        if text.hasPrefix("~") {
            return .init(text: .fragment(String(text.dropFirst()).trimmingCharacters(in: .whitespaces)), buttons: buttons, template: template)
        }
        if text.count >= 2, text.hasPrefix("/"), text.hasSuffix("/") {
            let pattern = String(text.dropFirst().dropLast())
            guard (try? NSRegularExpression(pattern: pattern)) != nil else { throw fail("not a valid regular expression") }
            return .init(text: .pattern(pattern), buttons: buttons, template: template)
        }
        return .init(text: .exact(text.replacingOccurrences(of: "\\n", with: "\n")), buttons: buttons, template: template)
    }

    private static func decision(_ content: String, fail: (String) -> TranscriptError) throws(TranscriptError) -> OfficerDecision {
        guard let decision = OfficerDecision(command: content) else { throw fail("expected 'officer: ' and one of: \(OfficerDecision.commands)") }
        return decision
    }

    private static func userMessage(
        _ content: String,
        from: String?,
        fail: (String) -> TranscriptError
    ) throws(TranscriptError) -> Transcript.Action {
        guard content.hasPrefix("["), let close = content.firstIndex(of: "]") else {
            return .user(from: from, text: content, attachment: nil, button: nil)
        }
        let inside = content[content.index(after: content.startIndex)..<close]
        let caption = content[content.index(after: close)...].trimmingCharacters(in: .whitespaces)
        let words = inside.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = words.count > 1 ? words[1] : nil
        let text = caption.isEmpty ? nil : caption
        switch words.first ?? "" {
        case "image":
            return .user(from: from, text: text, attachment: Attachment(kind: .image, filename: argument, mimeType: "image/jpeg"), button: nil)
        case "document":
            let mime = argument?.lowercased().hasSuffix(".apk") == true ? "application/vnd.android.package-archive" : "application/pdf"
            return .user(from: from, text: text, attachment: Attachment(kind: .document, filename: argument, mimeType: mime), button: nil)
        case "audio":
            return .user(from: from, text: text, attachment: Attachment(kind: .audio, mimeType: "audio/ogg"), button: nil)
        case "video":
            return .user(from: from, text: text, attachment: Attachment(kind: .video, mimeType: "video/mp4"), button: nil)
        case "sticker":
            return .user(from: from, text: text, attachment: Attachment(kind: .sticker, mimeType: "image/webp"), button: nil)
        case "location":
            return .user(from: from, text: text, attachment: Attachment(kind: .location, reference: argument), button: nil)
        case "button":
            guard let argument else { throw fail("expected '[button ID]'") }
            return .user(from: from, text: text, attachment: nil, button: argument)
        default:
            return .user(from: from, text: content, attachment: nil, button: nil)
        }
    }

    /// `key=value` pairs, values quoted when they hold spaces; a bare word has no value.
    static func pairs(_ content: String) -> [(key: String, value: String?)] {
        var pairs: [(key: String, value: String?)] = []
        var index = content.startIndex
        while index < content.endIndex {
            while index < content.endIndex, content[index] == " " { index = content.index(after: index) }
            guard index < content.endIndex else { break }
            var key = ""
            while index < content.endIndex, content[index] != "=", content[index] != " " {
                key.append(content[index])
                index = content.index(after: index)
            }
            guard index < content.endIndex, content[index] == "=" else {
                pairs.append((key, nil))
                continue
            }
            index = content.index(after: index)
            var value = ""
            if index < content.endIndex, content[index] == "\"" {
                index = content.index(after: index)
                while index < content.endIndex, content[index] != "\"" {
                    value.append(content[index])
                    index = content.index(after: index)
                }
                if index < content.endIndex { index = content.index(after: index) }
            } else {
                while index < content.endIndex, content[index] != " " {
                    value.append(content[index])
                    index = content.index(after: index)
                }
            }
            pairs.append((key, value))
        }
        return pairs
    }

    private static func participant(
        _ pairs: [(key: String, value: String?)],
        fail: (String) -> TranscriptError
    ) throws(TranscriptError) -> Participant {
        let values = Dictionary(pairs.compactMap { pair in pair.value.map { (pair.key, $0) } }, uniquingKeysWith: { $1 })
        guard let nikText = values["nik"], let nik = NIK(nikText) else { throw fail("given participant needs a valid nik=") }
        let encoded = nik.encodedBirth
        let twoDigitYear = encoded.twoDigitYear
        let derivedBirth = CalendarDate(year: twoDigitYear <= 26 ? 2000 + twoDigitYear : 1900 + twoDigitYear, month: encoded.month, day: encoded.day)
        func date(_ key: String) throws(TranscriptError) -> CalendarDate? {
            guard let text = values[key] else { return nil }
            guard let date = CalendarDate(iso: text) else { throw fail("\(key) must be YYYY-MM-DD") }
            return date
        }
        func value<T: RawRepresentable>(_ key: String, _ type: T.Type) throws(TranscriptError) -> T? where T.RawValue == String {
            guard let text = values[key] else { return nil }
            guard let value = T(rawValue: text) else { throw fail("unknown \(key) '\(text)'") }
            return value
        }
        let status = try value("status", MembershipStatus.self) ?? .aktif
        let digits = nik.digits
        var person = Participant(
            nik: digits,
            name: values["name"] ?? "Peserta Contoh",
            birthDate: try date("birth_date") ?? derivedBirth ?? CalendarDate(year: 1990, month: 1, day: 1)!,
            status: status,
            reason: try value("reason", InactiveReason.self) ?? (status == .nonaktif ? .tunggakan : nil),
            segment: try value("segment", Segment.self) ?? .pbpu,
            careClass: Int(values["class"] ?? "3") ?? 3,
            arrearsMonths: Int(values["arrears_months"] ?? "0") ?? 0,
            phone: values["phone"],
            email: values["email"],
            card: values["card"] ?? "000" + String(digits.suffix(10)),
            kk: values["kk"] ?? String(digits.prefix(6)) + "0101" + String(digits.suffix(6)),
            faskes: values["faskes"] ?? "Puskesmas Kecamatan Menteng",
            motherName: values["mother_name"],
            inactiveSince: try date("inactive_since"),
            registeredAt: try date("registered_at"),
            faskesSince: try date("faskes_since"),
            classSince: try date("class_since"))
        if let problem = DirectoryValidation.problem(with: person) { throw fail(problem) }
        person.name = person.name.trimmingCharacters(in: .whitespaces)
        return person
    }

    private static func caseFile(
        _ pairs: [(key: String, value: String?)],
        fail: (String) -> TranscriptError
    ) throws(TranscriptError) -> CaseFile {
        let values = Dictionary(pairs.compactMap { pair in pair.value.map { (pair.key, $0) } }, uniquingKeysWith: { $1 })
        guard let id = values["id"], let serviceText = values["service"], let service = Intent(rawValue: serviceText) else {
            throw fail("given case needs id= and service=")
        }
        var file = CaseFile(id: id, service: service, citizen: values["from"] ?? "", openedAt: Date(timeIntervalSince1970: 0))
        if let stateText = values["state"] {
            guard let state = CaseState(rawValue: stateText) else { throw fail("unknown state '\(stateText)'") }
            file.state = state
        } else {
            file.state = .queued
        }
        file.nik = values["nik"]
        file.name = values["name"]
        file.card = values["card"]
        file.virtualAccount = values["va"]
        file.amountDue = values["amount"].flatMap { Int($0) }
        for (key, value) in values where !["id", "service", "state", "from", "nik", "name", "card", "va", "amount"].contains(key) {
            file.answers[key] = value
        }
        return file
    }

    /// `30s`, `15m`, `2h`, `1d` in seconds; used by `clock: +…` and by the terminal chat's `/clock +…`.
    package static func duration(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let amount = Double(text.dropLast()) else { return nil }
        switch unit {
        case "s": return amount
        case "m": return amount * 60
        case "h": return amount * 3600
        case "d": return amount * 86_400
        default: return nil
        }
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
