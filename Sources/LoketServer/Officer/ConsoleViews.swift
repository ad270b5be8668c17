import Foundation
import LoketCore
import LoketDesk
import LoketStore

/// Turns cases, the directory and the conversation into the console's view models, in the officer's language.
struct ConsoleViews: Sendable {
    let configuration: LoketConfiguration
    let pages: ConsolePages

    func chrome(_ language: ConsoleLanguage, officer: Officer?, csrf: String?, path: String) -> PageChrome {
        let other = language.code == "en" ? "id" : "en"
        return PageChrome(
            language: language.code, t: self.pages.words(language.code), officer: officer?.name,
            role: officer.map { self.pages.word("role_\($0.role.rawValue)", language.code) }, supervises: officer?.role.supervises ?? false, csrf: csrf,
            otherLanguageURL: "\(path)?lang=\(other)", otherLanguageName: other == "en" ? "English" : "Bahasa Indonesia")
    }

    /// A moment in the office's time zone, as the bot writes it: `22 November 2026 pukul 10.15 WIB`.
    func time(_ moment: Date, _ language: ConsoleLanguage) -> String {
        let format = Formatting(language: language.language, calendar: self.configuration.calendar)
        return format.date(self.configuration.calendar.local(moment).date) + " " + format.time(moment)
    }

    private func service(_ intent: Intent, _ language: ConsoleLanguage) -> String {
        self.configuration.service(intent)?.title.text(language.language) ?? intent.rawValue
    }

    private func state(_ state: CaseState, _ language: ConsoleLanguage) -> String {
        self.pages.word("state_\(state.rawValue)", language.code)
    }

    // MARK: - The queue

    func queuePage(
        _ chrome: PageChrome, filter: QueueFilter, cases: [CaseFile], counts: QueueCounts, page: Int, pageSize: Int, at now: Date
    ) -> QueuePage {
        let language = ConsoleLanguage(code: chrome.language)
        let services = self.configuration.services.values.filter { $0.kind == .flow }.sorted { $0.id.rawValue < $1.id.rawValue }
        let rows = self.queueRows(cases, language, at: now)
        func link(_ number: Int) -> String {
            var query = ["page=\(number)"]
            if let service = filter.service { query.append("service=\(service.rawValue)") }
            if let state = filter.state { query.append("state=\(state.rawValue)") }
            if filter.claimedBy != nil { query.append("mine=1") }
            query.append("branch=\(filter.branch ?? "")")
            return "/officer/queue?" + query.joined(separator: "&")
        }
        return QueuePage(
            chrome: chrome, total: counts.total, overdue: counts.overdue,
            services: services.map { Option(value: $0.id.rawValue, label: $0.title.text(language.language), selected: $0.id == filter.service) },
            states: CaseState.allCases.map { Option(value: $0.rawValue, label: self.state($0, language), selected: $0 == filter.state) },
            branches: self.configuration.branches.map { Option(value: $0.id, label: $0.name, selected: $0.id == filter.branch) },
            mine: filter.claimedBy != nil, rows: rows, hasRows: !rows.isEmpty,
            previousURL: page > 1 ? link(page - 1) : nil, nextURL: page * pageSize < counts.total ? link(page + 1) : nil, pageNumber: page)
    }

    /// Cases as rows of a list: the citizen's phone and name masked, due times marked when passed.
    private func queueRows(_ cases: [CaseFile], _ language: ConsoleLanguage, at now: Date) -> [QueueRow] {
        cases.map { file in
            QueueRow(
                id: file.id, url: "/officer/cases/\(file.id)", service: self.service(file.service, language), state: file.state.rawValue,
                stateLabel: self.state(file.state, language), citizen: Masking.maskPhone(file.citizen), name: file.name.map(Masking.maskName),
                openedAt: self.time(file.openedAt, language), dueAt: file.dueAt.map { self.time($0, language) } ?? "—",
                overdue: file.dueAt.map { $0 < now } ?? false, claimedBy: file.claimedBy)
        }
    }

    // MARK: - The case page

    func casePage(_ chrome: PageChrome, _ view: OfficerDesk.CaseView, officer: Officer, at now: Date) -> CasePage {
        let language = ConsoleLanguage(code: chrome.language)
        let file = view.file
        let mine = file.state == .claimed && file.claimedBy == officer.name
        let lapsed = file.claimLapsed(at: now, after: self.configuration.general.claimExpiryMinutes)
        return CasePage(
            chrome: chrome, id: file.id, service: self.service(file.service, language), state: file.state.rawValue,
            stateLabel: self.state(file.state, language), openedAt: self.time(file.openedAt, language),
            dueAt: file.dueAt.map { self.time($0, language) } ?? "—", overdue: file.state.isOpen && (file.dueAt.map { $0 < now } ?? false),
            claimedBy: file.claimedBy, canClaim: file.state == .queued || (lapsed && !mine),
            canRelease: file.state == .claimed && (mine || officer.role != .officer),
            canDecide: file.service != .talkToOfficer && (file.state == .queued || mine),
            canTakeOver: file.service == .talkToOfficer && (file.state == .queued || mine) && view.handover == nil
                && self.configuration.calendar.isOpen(at: now),
            liveChat: view.handover?.officer == officer.name && view.handover?.caseID == file.id, heldBy: view.handover?.officer,
            actionURL: "/officer/cases/\(file.id)",
            comparison: self.comparison(file, view.directory, language), noDirectoryRecord: view.directory == nil && !view.directoryUnavailable,
            directoryUnavailable: view.directoryUnavailable,
            documents: self.documents(file, language), checklist: self.configuration.service(file.service)?.checklist ?? [],
            conversation: self.conversation(view, language),
            history: file.history.map { event in
                let action = self.pages.words(language.code)["history_\(event.action)"] ?? event.action
                return HistoryLine(at: self.time(event.at, language), actor: event.actor, action: action, detail: event.detail)
            },
            reasons: self.configuration.reasons.values.sorted { $0.id < $1.id }.map {
                Option(value: $0.id, label: $0.label.text(language.language), selected: false)
            },
            documentTypes: self.configuration.documents.values.sorted { $0.id < $1.id }.map {
                Option(value: $0.id, label: $0.label.text(language.language), selected: false)
            })
    }

    /// The citizen's answers beside the directory's record, field by field.
    private func comparison(_ file: CaseFile, _ record: DirectoryRecord?, _ language: ConsoleLanguage) -> [ComparedField] {
        var submitted = file.answers
        submitted["nik"] = submitted["nik"] ?? file.nik
        submitted["name"] = submitted["name"] ?? file.name
        submitted["card"] = submitted["card"] ?? file.card
        // The phone the citizen writes from, when the channel is a phone (not the web chat).
        if file.citizen.hasPrefix("+") { submitted["phone"] = submitted["phone"] ?? file.citizen }
        let person = record?.participant
        let directory: [String: String?] = [
            "nik": person?.nik, "name": person?.name, "birth_date": person?.birthDate.iso, "kk": person?.kk, "card": person?.card,
            "phone": person?.phone, "email": person?.email, "class": person.map { "\($0.careClass)" }, "faskes": person?.faskes,
            "status": person.map { $0.status.rawValue }, "segment": person.map { $0.segment.rawValue },
        ]
        let order = ["nik", "name", "birth_date", "kk", "card", "phone", "email", "class", "faskes", "status", "segment"]
        let keys = order + submitted.keys.filter { !order.contains($0) }.sorted()
        return keys.compactMap { key in
            let given = submitted[key]
            let known = directory[key] ?? nil
            guard given != nil || known != nil else { return nil }
            let differs = given != nil && known != nil && Self.normalised(given!) != Self.normalised(known!)
            return ComparedField(label: self.pages.word("field_\(key)", language.code), submitted: given ?? "—", directory: known ?? "—", mismatch: differs)
        }
    }

    /// Values compared without case, spaces or punctuation, and phones in one form.
    private static func normalised(_ value: String) -> String {
        let phone = PhoneNumber.parse(value)
        return phone ?? value.lowercased().filter { $0.isLetter || $0.isNumber }
    }

    private func documents(_ file: CaseFile, _ language: ConsoleLanguage) -> [DocumentView] {
        let expected = self.configuration.service(file.service)?.documents ?? []
        let keys = expected + file.documents.keys.filter { !expected.contains($0) }.sorted()
        return keys.map { key in
            let label = self.configuration.document(key)?.label.text(language.language) ?? key
            guard let attachment = file.documents[key] else { return DocumentView(label: label, isImage: false, isPDF: false) }
            let stored = attachment.reference?.hasPrefix("vault:") == true
            return DocumentView(
                label: label, url: stored ? "/officer/cases/\(file.id)/documents/\(key)" : nil,
                isImage: attachment.mimeType?.hasPrefix("image/") ?? (attachment.kind == .image), isPDF: attachment.mimeType == "application/pdf",
                problem: attachment.problem.map { self.pages.word("problem_\($0.rawValue)", language.code) })
        }
    }

    /// The citizen's messages and Loket's replies, in the order they happened.
    private func conversation(_ view: OfficerDesk.CaseView, _ language: ConsoleLanguage) -> [ConversationLine] {
        let photo = self.pages.word("attachment", language.code)
        let citizen = view.messages.map { received in
            let text = [received.message.text, received.message.attachments.isEmpty ? nil : "[\(photo)]"].compactMap { $0 }.joined(separator: " ")
            return (received.receivedAt, ConversationLine(from: "citizen", fromLabel: self.pages.word("from_citizen", language.code), text: text, at: ""))
        }
        let bot = view.replies.map { entry in
            (entry.createdAt, ConversationLine(from: "bot", fromLabel: self.pages.word("from_bot", language.code), text: entry.reply.plainText, at: ""))
        }
        return (citizen + bot).enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map { item in
            var line = item.element.1
            line.at = self.time(item.element.0, language)
            return line
        }
    }

    // MARK: - The supervisor's page

    func supervisorPage(
        _ chrome: PageChrome, backlog: [BacklogCount], breaches: [CaseFile], breachCount: Int, officers: [Officer],
        decisions: [DecisionCount], history: [(day: String, waiting: Int)], at now: Date
    ) -> SupervisorPage {
        let language = ConsoleLanguage(code: chrome.language)
        let table = backlog.byService().map { service, ages in
            BacklogRow(
                service: self.service(service, language), underOneDay: ages[.underOneDay] ?? 0, oneToThreeDays: ages[.oneToThreeDays] ?? 0,
                overThreeDays: ages[.overThreeDays] ?? 0, total: ages.values.reduce(0, +))
        }.sorted { ($0.total, $1.service) > ($1.total, $0.service) }
        let total = table.reduce(into: BacklogRow(service: "", underOneDay: 0, oneToThreeDays: 0, overThreeDays: 0, total: 0)) { sum, row in
            sum.underOneDay += row.underOneDay
            sum.oneToThreeDays += row.oneToThreeDays
            sum.overThreeDays += row.overThreeDays
            sum.total += row.total
        }
        var perOfficer: [String: DecisionRow] = [:]
        for count in decisions {
            var row = perOfficer[count.officer] ?? DecisionRow(officer: count.officer, approved: 0, returned: 0, closed: 0, asked: 0, messages: 0, total: 0)
            switch count.action {
            case "approve": row.approved += count.count
            case "reject": row.returned += count.count
            case "close": row.closed += count.count
            case "ask": row.asked += count.count
            default: row.messages += count.count
            }
            row.total += count.count
            perOfficer[count.officer] = row
        }
        return SupervisorPage(
            chrome: chrome, backlog: table, hasBacklog: !table.isEmpty, total: total,
            breaches: self.queueRows(breaches, language, at: now), breachCount: breachCount,
            officers: officers.filter { $0.role.worksCases }.map { Option(value: $0.name, label: $0.name, selected: false) },
            decisions: perOfficer.values.sorted { $0.officer < $1.officer }, hasDecisions: !perOfficer.isEmpty,
            chart: Self.chart(history))
    }

    /// Bars scaled to the largest day, with the day of the month beneath.
    static func chart(_ history: [(day: String, waiting: Int)]) -> BacklogChart {
        let maximum = max(1, history.map(\.waiting).max() ?? 0)
        let slot = BacklogChart.width / max(history.count, 1)
        let drawable = BacklogChart.height - 24 - 8
        let bars = history.enumerated().map { index, point in
            let height = point.waiting * drawable / maximum
            return BacklogChart.Bar(
                x: index * slot + slot / 8, y: BacklogChart.height - 24 - height, width: max(1, slot * 3 / 4), height: height, day: point.day,
                label: String(point.day.suffix(2)), labelX: index * slot + slot / 2, labelY: BacklogChart.height - 6, value: point.waiting)
        }
        return BacklogChart(bars: bars, hasBars: !bars.isEmpty, maximum: history.map(\.waiting).max() ?? 0)
    }
}
