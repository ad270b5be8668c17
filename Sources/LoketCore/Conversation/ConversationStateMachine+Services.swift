import Foundation

/// The rules of the services beyond activation and phone changes (domain/facts.md §1.2): who may ask, what a
/// request needs, and which requests complete without an officer.
extension ConversationStateMachine {
    /// Today in the office's time zone.
    var today: CalendarDate { self.configuration.calendar.local(self.now).date }

    // MARK: - Who may ask

    /// Once identity is known: goes on with the service, or explains why the rules do not allow it.
    mutating func checkEligibility(_ session: ServiceSession, service: ServiceDefinition, greeting: String) {
        guard let record = session.record else { return }
        let person = record.participant
        var next = session
        var notes: [String] = []
        switch service.check {
        case .changeFaskes:
            guard person.status == .aktif else {
                return self.notAllowed(greeting, self.text(.faskesNeedsActive, ["status": self.statusLabel(person)]))
            }
            guard record.arrearsMonths == 0 else {
                return self.notAllowed(greeting, self.text(.faskesNeedsNoArrears, ["months": String(record.arrearsMonths)]))
            }
            let since = person.faskesSince ?? person.registeredAt
            let minimum = service.number("min_months_at_current", or: 3)
            if let since, since.wholeMonths(until: self.today) < minimum {
                next.step = .confirmException("early_change")
                self.enter(.serving(next))
                let values = ["faskes": person.faskes, "since": self.format.date(since), "months": String(minimum),
                              "allowed": self.format.date(since.adding(months: minimum))]
                self.say(text: [greeting, self.text(.faskesTooSoon, values), self.prompt(for: next)].joined(separator: "\n\n"), buttons: self.buttons(for: next))
                return
            }
            notes.append(self.text(.faskesCurrent, ["faskes": person.faskes]))
        case .changeClass:
            guard person.segment == .pbpu || person.segment == .bp else {
                return self.notAllowed(greeting, self.text(.classOnlySelfPaying, ["segment": person.segment.rawValue.uppercased()]))
            }
            guard person.status == .aktif, record.arrearsMonths == 0 else {
                return self.notAllowed(greeting, self.text(.classNeedsNoArrears))
            }
            let minimum = service.number("min_months_in_class", or: 12)
            if let since = person.classSince ?? person.registeredAt, since.wholeMonths(until: self.today) < minimum {
                return self.notAllowed(greeting, self.text(.classTooSoon, [
                    "class": String(person.careClass), "since": self.format.date(since), "months": String(minimum),
                    "allowed": self.format.date(since.adding(months: minimum)),
                ]))
            }
            notes.append(self.text(.classCurrent, ["class": String(person.careClass), "count": String(record.members.count)]))
        case .changeSegment:
            switch (person.segment, person.status) {
            case (.pbpu, _), (.bp, _):
                return self.notAllowed(greeting, self.text(.segmentAlreadySelfPaying))
            case (_, .aktif), (_, .menungguPembayaran):
                return self.notAllowed(greeting, self.text(.segmentStillCovered, ["segment": person.segment.rawValue.uppercased()]))
            case (.ppu, _), (.pbi, _):
                let inactiveMonths = person.inactiveSince.map { $0.wholeMonths(until: self.today) } ?? 0
                if inactiveMonths < service.number("no_waiting_within_months", or: 1) {
                    // Within the month there is nothing to choose: no waiting period, and only this month to pay.
                    next.answers["waiting"] = "no_wait"
                    notes.append(self.text(.segmentNoWaiting))
                } else {
                    notes.append(self.text(.segmentWaitingChoice, [
                        "months": String(inactiveMonths), "days": String(service.number("waiting_period_days", or: 14)),
                    ]))
                }
            }
        case .addMember:
            if person.segment == .pbpu || person.segment == .bp, person.status != .aktif {
                return self.notAllowed(greeting, self.text(.memberNeedsActive, ["status": self.statusLabel(person)]))
            }
        case .updateData:
            if person.status == .penangguhan || person.reason == .dukcapil { notes.append(self.text(.updateDataFixesStatus)) }
        case .cases:
            return self.listCases(of: person, greeting: greeting)
        case .none, .register, .reactivate, .activate, .changePhone, .status, .bill, .card, .account, .reportDeath:
            break
        }
        self.continueCollecting(next, acknowledgement: ([greeting] + notes).joined(separator: "\n\n"))
    }

    private mutating func notAllowed(_ greeting: String, _ explanation: String) {
        self.enter(.idle)
        self.say(text: greeting + "\n\n" + explanation)
    }

    /// The citizen's answer to a rule's exception: yes goes on (with the letter that proves it), no ends politely.
    mutating func exceptionAnswered(_ text: String, exception: String, in session: ServiceSession) {
        switch self.understanding.answer(text) {
        case .yes:
            var next = session
            next.answers[exception] = "yes"
            self.continueCollecting(next, acknowledgement: self.text(.faskesEarlyAccepted))
        case .no:
            self.enter(.idle)
            self.say(.faskesEarlyDeclined)
        case nil:
            self.notTheAnswer(text, in: session, problem: .expectedYesNo)
        }
    }

    /// `case_status` after identity: the citizen's requests with their tickets and where they stand.
    private mutating func listCases(of person: Participant, greeting: String) {
        self.enter(.idle)
        let recent = self.state.cases.filter { $0.nik == person.nik || $0.nik == nil }.suffix(3)
        guard !recent.isEmpty else { return self.say(text: greeting + "\n\n" + self.text(.noCases)) }
        let lines = recent.reversed().map { file in
            self.text(.caseLine, [
                "ticket": file.id, "service": self.title(of: file.service), "state": self.text(ReplyKey.caseState(file.state)),
            ])
        }
        self.say(text: greeting + "\n\n" + self.text(.caseList, ["cases": lines.joined(separator: "\n")]))
    }

    // MARK: - What a request needs

    /// Checks the answers so far against the service's rules. Returns false when it replied itself (an answer
    /// the rules refuse is asked again, a request they exclude ends).
    mutating func answersAllowed(_ session: inout ServiceSession) -> Bool {
        guard let service = self.configuration.service(session.service), let record = session.record else { return true }
        let person = record.participant
        switch session.service {
        case .changeFaskes:
            if let chosen = session.answers["new_faskes"], chosen == person.faskes {
                return self.askAgain(&session, field: "new_faskes", self.text(.faskesUnchanged, ["faskes": chosen]))
            }
        case .changeClass:
            if let chosen = session.answers["new_class"], chosen == String(person.careClass) {
                self.enter(.idle)
                self.say(.classUnchanged, ["class": chosen])
                return false
            }
        case .reportDeath:
            guard let nik = session.answers["deceased_nik"] else { return true }
            guard nik != person.nik else {
                return self.askAgain(&session, field: "deceased_nik", self.text(.deathReporterSelf))
            }
            guard let deceased = record.family.first(where: { $0.nik == nik }) else {
                return self.askAgain(&session, field: "deceased_nik", self.text(.deathNotInFamily, ["nik": NIK(nik)?.masked ?? nik]))
            }
            if deceased.reason == .meninggal {
                self.enter(.idle)
                self.say(.deathAlreadyReported, ["name": Masking.maskName(deceased.name)])
                return false
            }
            session.answers["deceased_name"] = session.answers["deceased_name"] ?? deceased.name
        case .addMember:
            if let nik = session.answers["new_member_nik"], record.family.contains(where: { $0.nik == nik }) {
                self.enter(.idle)
                self.say(.memberAlreadyOnCard, ["nik": NIK(nik)?.masked ?? nik])
                return false
            }
            guard let birth = session.answers["new_member_birth_date"].flatMap(CalendarDate.init(iso:)),
                let relationship = session.answers["relationship"]
            else { return true }
            let age = birth.wholeMonths(until: self.today) / 12
            if relationship == "child" {
                let inEducation = service.number("child_max_age_in_education", or: 25)
                if age >= inEducation {
                    self.enter(.idle)
                    self.say(.memberChildTooOld, ["age": String(age), "max": String(inEducation)])
                    return false
                }
                if age >= service.number("child_max_age", or: 21) { session.answers["in_education"] = "yes" }
            }
            if relationship == "newborn" {
                let days = birth.days(until: self.today)
                let deadline = service.number("newborn_deadline_days", or: 28)
                if days > 92 {
                    return self.askAgain(&session, field: "relationship", self.text(.memberNotNewborn))
                }
                session.answers["late_newborn"] = days > deadline ? "yes" : nil
            }
        default:
            break
        }
        return true
    }

    /// Drops an answer the rules refuse and asks for it again, saying why.
    private mutating func askAgain(_ session: inout ServiceSession, field: String, _ explanation: String) -> Bool {
        session.answers[field] = nil
        session.step = .askField(field)
        session.failures = 0
        self.enter(.serving(session))
        self.say(text: explanation + "\n\n" + self.prompt(for: session), buttons: self.buttons(for: session))
        return false
    }

    /// The documents this request needs: the service's own, those its answers call for (the marriage book for a
    /// spouse, the letter for an early facility change, a school letter for a child over 21) and those of the
    /// participant's segment (`rules: SEGMENT_documents`: the village legalisation for PBI, the employer's letter for PPU).
    func documents(for session: ServiceSession) -> [String] {
        guard let service = self.configuration.service(session.service) else { return [] }
        var documents = service.documents
        for field in service.fields {
            documents += field.options.first { $0.id == session.answers[field.id] }?.documents ?? []
        }
        if session.answers["early_change"] == "yes" { documents += service.list("early_change_documents") }
        if session.answers["in_education"] == "yes" { documents += ["surat_sekolah"] }
        if let segment = session.record?.participant.segment { documents += service.list("\(segment.rawValue)_documents") }
        return documents
    }

    /// The facilities offered near where the citizen lives now, the current one left out.
    func nearbyFaskes(_ session: ServiceSession) -> [Faskes] {
        self.configuration.faskes(near: session.answers["area"] ?? "").filter { $0.name != session.record?.participant.faskes }
    }

    /// Whether the request waits for an officer: every document needs human eyes, and so does a facility that is
    /// not in the catalogue.
    func needsOfficer(_ session: ServiceSession) -> Bool {
        guard let service = self.configuration.service(session.service) else { return true }
        if service.officerRequired || !self.documents(for: session).isEmpty { return true }
        if session.service == .changeFaskes { return self.configuration.faskes(named: session.answers["new_faskes"] ?? "") == nil }
        return false
    }

    /// Lines the summary adds: when a change takes effect, what it costs.
    func summaryNotes(_ session: ServiceSession) -> [String] {
        guard let record = session.record else { return [] }
        let effective = self.format.date(self.today.firstOfNextMonth)
        switch session.service {
        case .changeFaskes:
            return [self.text(.noteEffective, ["date": effective])]
        case .changeClass:
            guard let careClass = session.answers["new_class"].flatMap(Int.init) else { return [] }
            return [self.text(.noteNewClass, [
                "date": effective, "count": String(record.members.count),
                "amount": self.format.rupiah(self.configuration.fees.monthlyAmount(for: record, inClass: careClass)),
            ])]
        case .changeSegment, .addMember:
            guard let amount = self.amountDue(for: session) else { return [] }
            var notes = [self.text(.noteAmount, ["amount": self.format.rupiah(amount)])]
            if session.answers["late_newborn"] == "yes" { notes.append(self.text(.noteLateNewborn)) }
            return notes
        default:
            return []
        }
    }

    // MARK: - Amounts

    /// What an approved request will ask the family to pay; nil when it costs nothing.
    func amountDue(for session: ServiceSession) -> Int? {
        guard let record = session.record else { return nil }
        let fees = self.configuration.fees
        switch session.service {
        case .reactivate:
            return fees.reactivationAmount(for: record)
        case .changeSegment:
            guard let careClass = session.answers["new_class"].flatMap(Int.init) else { return nil }
            let monthly = fees.monthlyAmount(for: record, inClass: careClass)
            // Without the waiting period the whole inactive period is paid, the current month included.
            let inactive = record.participant.inactiveSince.map { $0.wholeMonths(until: self.today) } ?? 0
            return session.answers["waiting"] == "no_wait" ? monthly * (inactive + 1) : monthly
        case .addMember:
            let holder = record.participant
            guard holder.segment == .pbpu || holder.segment == .bp,
                let birth = session.answers["new_member_birth_date"].flatMap(CalendarDate.init(iso:))
            else { return nil }
            // A newborn registered late pays back to the month of birth.
            let months = session.answers["late_newborn"] == "yes" ? birth.wholeMonths(until: self.today) + 1 : 1
            return months * fees.monthly(careClass: holder.careClass)
        default:
            return nil
        }
    }

    /// What the case keeps from the directory for what happens after approval: the card, segment, class and
    /// facility a new member joins; the months of arrears whose service penalty is explained on payment.
    func caseFacts(for session: ServiceSession) -> [String: String] {
        guard let person = session.record?.participant else { return [:] }
        switch session.service {
        case .addMember:
            return ["kk": person.kk, "segment": person.segment.rawValue, "class": String(person.careClass), "faskes": person.faskes]
        case .reactivate:
            return ["arrears_months": String(person.arrearsMonths)]
        default:
            return [:]
        }
    }

    /// What the family pays a month once the request is done.
    func monthlyFee(for session: ServiceSession) -> Int? {
        guard let record = session.record else { return nil }
        let fees = self.configuration.fees
        switch session.service {
        case .changeSegment:
            return session.answers["new_class"].flatMap(Int.init).map { fees.monthlyAmount(for: record, inClass: $0) }
        case .addMember:
            return fees.monthly(careClass: record.participant.careClass)
        default:
            return fees.monthlyAmount(for: record)
        }
    }

    // MARK: - Without an officer

    /// A request the rules settle on their own: done at once, with the directory changed and a ticket to show.
    mutating func completeWithoutOfficer(_ session: ServiceSession, service: ServiceDefinition) {
        guard let person = session.record?.participant else { return }
        var file = self.newCase(session.service, about: person)
        file.answers = session.answers
        let effective = self.today.firstOfNextMonth
        let values: [String: String]
        let reply: ReplyKey
        switch session.service {
        case .changeFaskes:
            let faskes = self.configuration.faskes(named: session.answers["new_faskes"] ?? "")?.name ?? session.answers["new_faskes"] ?? ""
            self.update(person.nik, .faskes(faskes, from: effective))
            reply = .faskesChanged
            values = ["ticket": file.id, "faskes": faskes, "date": self.format.date(effective)]
        case .changeClass:
            let careClass = Int(session.answers["new_class"] ?? "") ?? person.careClass
            self.update(person.nik, .careClass(careClass, from: effective))
            reply = .classChanged
            values = ["ticket": file.id, "class": String(careClass), "date": self.format.date(effective)]
        default:
            return
        }
        file.state = .done
        file.record("done", by: "bot", at: self.now)
        self.save(file)
        self.enter(.idle)
        self.say(reply, values)
    }

    // MARK: - Approvals

    /// The approvals of these services: the directory changes and what the citizen hears.
    mutating func approveService(_ file: inout CaseFile, outcome: ServiceDefinition.Outcome, by actor: String) {
        switch outcome {
        case .changeFaskes:
            guard let nik = file.nik, let faskes = file.answers["new_faskes"] else {
                return self.perform(.refuse("case \(file.id) has no facility to move to"))
            }
            let effective = self.today.firstOfNextMonth
            self.update(nik, .faskes(faskes, from: effective))
            file.state = .done
            file.record("done", by: actor, at: self.now)
            self.save(file)
            self.say(.faskesChanged, ["ticket": file.id, "faskes": faskes, "date": self.format.date(effective)])
        case .changeSegment:
            guard let nik = file.nik, let careClass = file.answers["new_class"].flatMap(Int.init) else {
                return self.perform(.refuse("case \(file.id) has no class for the move to self-paying"))
            }
            self.update(nik, .selfPaying(careClass: careClass))
            self.issueVirtualAccount(&file, by: actor)
            self.say(.approvedPaymentDue, self.paymentValues(file))
        case .addMember:
            guard let member = self.newMember(from: file) else {
                return self.perform(.refuse("case \(file.id) lacks the new member's NIK, name or birth date"))
            }
            self.perform(.registerParticipant(member))
            if member.status == .menungguPembayaran {
                self.issueVirtualAccount(&file, by: actor)
                self.say(.approvedMemberPaymentDue, self.paymentValues(file).merging(["name": Masking.maskName(member.name)]) { $1 })
            } else {
                file.state = .done
                file.record("done", by: actor, at: self.now)
                self.save(file)
                self.say(.approvedMemberAdded, ["ticket": file.id, "name": Masking.maskName(member.name)])
            }
        case .deactivate:
            guard let nik = file.answers["deceased_nik"], let date = file.answers["date_of_death"].flatMap(CalendarDate.init(iso:)) else {
                return self.perform(.refuse("case \(file.id) lacks the deceased's NIK or the date of death"))
            }
            self.update(nik, .deceased(date))
            file.state = .done
            file.record("done", by: actor, at: self.now)
            self.save(file)
            self.say(.approvedDeathReported, ["ticket": file.id, "name": Masking.maskName(file.answers["deceased_name"] ?? "")])
        case .correctData:
            guard let nik = file.nik else { return self.perform(.refuse("case \(file.id) has no NIK")) }
            self.update(nik, .dataCorrected)
            file.state = .done
            file.record("done", by: actor, at: self.now)
            self.save(file)
            self.say(.approvedDataCorrected, ["ticket": file.id])
        case .issueVA, .register, .updatePhone, .complete:
            return
        }
    }

    /// The new family member, on the holder's card, segment, class and facility (kept with the case when it was
    /// sent); a family that pays itself pays for the member before the card is active.
    private func newMember(from file: CaseFile) -> Participant? {
        let answers = file.answers
        guard let nik = answers["new_member_nik"], let name = answers["new_member_name"],
            let birth = answers["new_member_birth_date"].flatMap(CalendarDate.init(iso:)), let kk = answers["kk"],
            let segment = answers["segment"].flatMap(Segment.init(rawValue:)), let careClass = answers["class"].flatMap(Int.init)
        else { return nil }
        return Participant(
            nik: nik, name: name, birthDate: birth, status: file.amountDue == nil ? .aktif : .menungguPembayaran, segment: segment,
            careClass: careClass, card: self.newCardNumber(), kk: kk, faskes: answers["faskes"] ?? "",
            registeredAt: self.today, faskesSince: self.today, classSince: self.today)
    }

    /// A card number the directory has not given out: `0009` and the event's sequence number.
    func newCardNumber() -> String {
        let serial = String(self.context.sequence % 1_000_000_000)
        return "0009" + String(repeating: "0", count: 9 - serial.count) + serial
    }
}
