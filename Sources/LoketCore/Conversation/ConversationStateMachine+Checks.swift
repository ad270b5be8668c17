import Foundation

/// What each service checks once the citizen's identity is known, and the answers that need no case.
extension ConversationStateMachine {
    mutating func identityConfirmed(_ session: ServiceSession, acknowledgement: String?) {
        guard let service = self.configuration.service(session.service), let record = session.record else { return }
        let person = record.participant
        let greeting = acknowledgement ?? self.text(.identityConfirmed, ["honorific": self.honorific(person)])
        switch service.check {
        case .none, .register:
            self.continueCollecting(session, acknowledgement: greeting)
        case .addMember, .changeFaskes, .changeClass, .changeSegment, .reportDeath, .updateData, .cases:
            self.checkEligibility(session, service: service, greeting: greeting)
        case .reactivate, .activate:
            self.explainMembership(session, greeting: greeting)
        case .changePhone:
            self.offerSenderAsNewPhone(session, greeting: greeting)
        case .status:
            self.enter(.idle)
            self.say(text: greeting + "\n\n" + self.statusAnswer(record))
        case .account:
            self.enter(.idle)
            // Asked for straight after proving identity, the general help comes first.
            let help = session.answers[Self.accountChecked] == nil ? [service.answer.text(self.state.language)] : []
            self.say(text: ([greeting] + help + [self.accountAnswer(person)]).joined(separator: "\n\n"))
        case .bill:
            self.answerBill(record, greeting: greeting)
        case .card:
            self.enter(.idle)
            var text = greeting + "\n\n" + self.text(.cardAnswer, ["card": person.card, "va": self.virtualAccount(for: person.card)])
            if let bill = self.openBill(for: person) { text += "\n\n" + self.openBillText(bill) }
            self.say(text: text)
        }
    }

    /// Reactivation and activation both start from the membership as it stands.
    private mutating func explainMembership(_ session: ServiceSession, greeting: String) {
        guard let record = session.record else { return }
        let person = record.participant
        switch person.status {
        case .aktif where record.arrearsMonths > 0:
            // Active, but months unpaid on the family card (a member already NON-AKTIF): paying them is the way.
            self.answerBill(record, greeting: greeting)
        case .aktif:
            self.enter(.idle)
            self.say(text: greeting + "\n\n" + self.text(.alreadyActive, ["class": String(person.careClass)]))
        case .menungguPembayaran:
            self.issueFirstPayment(session, greeting: greeting)
        case .penangguhan:
            self.enter(.offering(.updateData, prefill: [:]))
            self.say(
                text: greeting + "\n\n" + self.text(.statusSuspended),
                buttons: [self.button("yes", .buttonYesContinue), self.button("no", .buttonLater)])
        case .nonaktif:
            switch person.reason ?? .tunggakan {
            case .tunggakan:
                var next = session
                next.service = .reactivate
                next.step = .offerProceed
                self.enter(.serving(next))
                self.say(text: greeting + "\n\n" + self.arrearsExplanation(record), buttons: self.buttons(for: next))
            case .phk:
                self.enter(.offering(.changeSegment, prefill: [:]))
                self.say(
                    text: greeting + "\n\n" + self.text(.inactiveAfterEmployment),
                    buttons: [self.button("yes", .buttonYesContinue), self.button("no", .buttonLater)])
            case .pbiDicabut:
                self.enter(.offering(.changeSegment, prefill: [:]))
                self.say(
                    text: greeting + "\n\n" + self.text(.inactivePBI),
                    buttons: [self.button("yes", .buttonYesContinue), self.button("no", .buttonLater)])
            case .dukcapil:
                self.enter(.offering(.updateData, prefill: [:]))
                self.say(
                    text: greeting + "\n\n" + self.text(.inactiveDukcapil),
                    buttons: [self.button("yes", .buttonYesContinue), self.button("no", .buttonLater)])
            case .meninggal:
                self.enter(.idle)
                self.say(text: greeting + "\n\n" + self.text(.inactiveDeceased))
            }
        }
    }

    /// "NON-AKTIF because 3 months are unpaid; Rp140.000 makes it active again."
    private func arrearsExplanation(_ record: DirectoryRecord) -> String {
        let person = record.participant
        let fees = self.configuration.fees
        let family = record.members.count
        let months = min(person.arrearsMonths, fees.arrearsMaxMonths)
        var text = self.text(.inactiveArrears, [
            "months": String(person.arrearsMonths),
            "amount": self.format.rupiah(fees.reactivationAmount(for: record)),
            "counted": String(months),
            "class": String(person.careClass),
            "monthly": self.format.rupiah(fees.monthly(careClass: person.careClass)),
        ])
        if family > 1 { text += "\n" + self.text(.familyIncluded, ["count": String(family)]) }
        if person.arrearsMonths > fees.arrearsMaxMonths {
            text += "\n" + self.text(.arrearsCapped, ["max": String(fees.arrearsMaxMonths)])
        }
        if person.arrearsMonths > 0 { text += "\n\n" + self.penaltyNotice(arrearsMonths: person.arrearsMonths) }
        return text + "\n\n" + self.text(.askProceedReactivation)
    }

    /// The service penalty (denda pelayanan) a reactivated member owes for hospital inpatient care soon after:
    /// explained before paying, never charged in chat.
    func penaltyNotice(arrearsMonths: Int) -> String {
        let penalty = self.configuration.fees.penalty
        return self.text(.penaltyNotice, [
            "days": String(penalty.windowDays), "rate": String(penalty.ratePercent),
            "months": String(min(arrearsMonths, penalty.maxMonths)), "cap": self.format.rupiah(penalty.cap),
        ])
    }

    /// Registered, first payment due: the VA comes at once, no officer needed.
    private mutating func issueFirstPayment(_ session: ServiceSession, greeting: String) {
        guard let record = session.record else { return }
        let person = record.participant
        if let open = self.openBill(for: person) {
            self.enter(.idle)
            self.say(text: greeting + "\n\n" + self.openBillText(open))
            return
        }
        var file = self.newCase(.activate, about: person)
        file.amountDue = self.configuration.fees.monthlyAmount(for: record)
        self.enter(.idle)
        self.issueVirtualAccount(&file, by: "bot")
        self.say(text: greeting + "\n\n" + self.text(.firstPaymentDue, self.paymentValues(file)))
    }

    /// `check_bill`: an open bill as it stands. An active member's unpaid months become a bill at once (virtual
    /// account, amount, deadline), since paying them needs no officer; a NON-AKTIF member hears what
    /// reactivation costs and how to ask for it.
    private mutating func answerBill(_ record: DirectoryRecord, greeting: String) {
        self.enter(.idle)
        let person = record.participant
        if let open = self.openBill(for: person) {
            return self.say(text: greeting + "\n\n" + self.openBillText(open))
        }
        guard person.status == .aktif, record.arrearsMonths > 0 else {
            return self.say(text: greeting + "\n\n" + self.billAnswer(record))
        }
        let inactive = record.members.filter { $0.status == .nonaktif && $0.arrearsMonths > 0 }
        // A member already NON-AKTIF is reactivated by the payment, with the service penalty that follows.
        var file = self.newCase(inactive.isEmpty ? .checkBill : .reactivate, about: person)
        file.amountDue = self.configuration.fees.reactivationAmount(for: record)
        file.monthlyFee = self.configuration.fees.monthlyAmount(for: record)
        if !inactive.isEmpty { file.answers["arrears_months"] = String(record.arrearsMonths) }
        self.issueVirtualAccount(&file, by: "bot")
        let inArrears = record.members.filter { $0.arrearsMonths > 0 }.count
        var values = self.paymentValues(file)
        values["months"] = String(record.arrearsMonths)
        values["members"] = record.members.count == 1 ? "" : " " + self.text(.billMembersInArrears, ["count": String(inArrears)])
        self.say(text: greeting + "\n\n" + self.text(.billArrearsIssued, values))
    }

    /// The citizen's bill still waiting for payment, if any.
    func openBill(for person: Participant) -> CaseFile? {
        self.state.cases.last { $0.state == .awaitingPayment && $0.nik == person.nik && $0.virtualAccount != nil }
    }

    func openBillText(_ file: CaseFile) -> String {
        self.text(.paymentStillDue, self.paymentValues(file))
    }

    /// Turns an approved case into a bill: VA, amount, deadline and a reminder before it.
    mutating func issueVirtualAccount(_ file: inout CaseFile, by actor: String) {
        let card = file.card ?? ""
        // The end of the local day, N days from now: "Bayar sebelum: Senin, 9 Maret 2026 pukul 23.59 WIB".
        let calendar = self.configuration.calendar
        let lastDay = calendar.local(self.now.addingTimeInterval(TimeInterval(self.configuration.general.paymentDeadlineDays * 86_400))).date
        let deadline = calendar.moment(lastDay, minuteOfDay: 23 * 60 + 59)
        file.virtualAccount = self.virtualAccount(for: card)
        file.paymentDeadline = deadline
        file.state = .awaitingPayment
        file.record("virtual_account_issued", by: actor, at: self.now, detail: file.virtualAccount)
        self.save(file)
        // Mid-morning of the day before the deadline: a reminder people read, not one at midnight.
        let dayBefore = calendar.local(deadline.addingTimeInterval(-86_400)).date
        let reminderAt = calendar.moment(dayBefore, minuteOfDay: self.configuration.general.paymentReminderMinuteOfDay)
        if reminderAt > self.now {
            self.perform(.scheduleTimer(.init(id: "\(file.id)/payment-reminder", purpose: .paymentReminder, caseID: file.id, fireAt: reminderAt)))
        }
    }

    func paymentValues(_ file: CaseFile) -> [String: String] {
        [
            "ticket": file.id,
            "va": file.virtualAccount ?? "",
            "amount": self.format.rupiah((file.amountDue ?? 0) - file.amountPaid),
            "deadline": file.paymentDeadline.map { self.format.moment($0) } ?? "",
        ]
    }

    /// `88888` + the card's last 11 digits.
    func virtualAccount(for card: String) -> String {
        self.configuration.general.vaPrefix + card.suffix(11)
    }

    /// change_phone: the number the citizen writes from is the likely new one.
    private mutating func offerSenderAsNewPhone(_ session: ServiceSession, greeting: String) {
        var next = session
        guard let sender = PhoneNumber.parse(self.state.address) else {
            next.step = .askField("phone")
            self.enter(.serving(next))
            self.say(text: greeting + "\n\n" + self.prompt(for: next))
            return
        }
        if sender == session.record?.participant.phone {
            // Writing from the registered number: the new one must be another.
            next.step = .askField("phone")
            self.enter(.serving(next))
            self.say(text: greeting + "\n\n" + self.text(.senderIsRegistered, ["phone": Masking.maskPhone(sender)]) + " " + self.prompt(for: next))
            return
        }
        next.step = .confirmNewPhone(sender)
        self.enter(.serving(next))
        self.say(text: greeting + "\n\n" + self.prompt(for: next), buttons: self.buttons(for: next))
    }

    // MARK: - Answers without a case

    func statusAnswer(_ record: DirectoryRecord) -> String {
        let person = record.participant
        // A facility or class changed from the 1st of next month shows with that date.
        func scheduled(_ value: String, since: CalendarDate?) -> String {
            guard let since, since > self.today else { return value }
            return value + " (" + self.text(.effectiveFrom, ["date": self.format.date(since)]) + ")"
        }
        var text = self.text(.statusAnswer, [
            "status": self.statusLabel(person), "class": scheduled(String(person.careClass), since: person.classSince),
            "faskes": scheduled(person.faskes, since: person.faskesSince),
            "segment": person.segment.rawValue.uppercased(), "because": self.cause(person),
        ])
        if person.status != .aktif { text += "\n\n" + self.text(.statusNextStep) }
        return text
    }

    /// Why a membership is not active, as a clause: "karena iuran belum dibayar 3 bulan".
    func cause(_ person: Participant) -> String {
        guard person.status == .nonaktif || person.status == .penangguhan else { return "" }
        switch person.reason {
        case .tunggakan: return " " + self.text(.causeArrears, ["months": String(person.arrearsMonths)])
        case .phk: return " " + self.text(.causeEmployment)
        case .pbiDicabut: return " " + self.text(.causePBI)
        case .dukcapil: return " " + self.text(.causeDukcapil)
        case .meninggal: return " " + self.text(.causeDeceased)
        case nil: return person.status == .penangguhan ? " " + self.text(.causeDukcapil) : ""
        }
    }

    /// The prefill that marks `account_help` as started from its offer, once the general help was shown.
    static let accountChecked = "account_checked"

    /// Where a Mobile JKN account's codes go: the registered phone and email, masked; and what to do when the
    /// citizen writes from another number.
    func accountAnswer(_ person: Participant) -> String {
        guard let phone = person.phone else { return self.text(.accountNoPhone) }
        var text = self.text(.accountAnswer, [
            "phone": Masking.maskPhone(phone), "email": person.email.map(Masking.maskEmail) ?? self.text(.accountNoEmail),
        ])
        if PhoneNumber.parse(self.state.address) != phone { text += "\n" + self.text(.accountOtherSender) }
        return text
    }

    func billAnswer(_ record: DirectoryRecord) -> String {
        let person = record.participant
        let fees = self.configuration.fees
        let values = [
            "monthly": self.format.rupiah(fees.monthly(careClass: person.careClass)),
            "class": String(person.careClass),
            "va": self.virtualAccount(for: person.card),
            "months": String(person.arrearsMonths),
            "amount": self.format.rupiah(fees.reactivationAmount(for: record)),
        ]
        return self.text(person.arrearsMonths > 0 ? .billArrears : .billClear, values)
    }

    /// Services of kind `info`: an answer that needs nobody's data.
    mutating func answerInformation(_ service: ServiceDefinition) {
        self.say(text: service.answer.text(self.state.language))
    }
}
