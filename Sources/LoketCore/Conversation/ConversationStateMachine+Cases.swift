import Foundation

/// What happens to a case after it is queued: officers' decisions, payments and reminders.
extension ConversationStateMachine {
    // MARK: - Officer decisions

    mutating func apply(_ decision: OfficerDecision, toCase caseID: String, by officer: String) {
        guard var file = self.state.openCase(caseID) else {
            self.perform(.refuse("case \(caseID) is not known"))
            return
        }
        let actor = "officer:\(officer)"
        // A claimed case is the claiming officer's alone: nobody else decides it while the claim holds.
        let claimedByAnother = file.state == .claimed && file.claimedBy != officer
            && !file.claimLapsed(at: self.now, after: self.configuration.general.claimExpiryMinutes)
        let decidable = file.state == .queued || (file.state == .claimed && !claimedByAnother)
        switch decision {
        case .claim:
            guard file.state == .queued || (file.state == .claimed && !claimedByAnother) else {
                return self.refuse(decision, file)
            }
            file.state = .claimed
            file.claimedBy = officer
            file.record("claimed", by: actor, at: self.now)
            self.save(file)
        case .release:
            guard file.state == .claimed else { return self.refuse(decision, file) }
            file.state = .queued
            file.claimedBy = nil
            file.record("released", by: actor, at: self.now)
            self.save(file)
        case .approve:
            guard decidable else { return self.refuse(decision, file) }
            file.record("approved", by: actor, at: self.now)
            self.approve(&file, by: actor)
        case .reject(let reasonID, let document):
            guard decidable else { return self.refuse(decision, file) }
            guard let reason = self.configuration.reasons[reasonID] else {
                return self.perform(.refuse("unknown reason '\(reasonID)'"))
            }
            guard let documentID = document ?? reason.defaultDocument, self.configuration.document(documentID) != nil else {
                return self.perform(.refuse("reason '\(reasonID)' needs a document to send again"))
            }
            file.record("returned", by: actor, at: self.now, detail: "\(reasonID) \(documentID)")
            let fix = reason.citizen.text(self.state.language).replacingOccurrences(of: "{document}", with: self.documentLabel(documentID))
            self.returnToCitizen(&file, document: documentID, message: self.text(.caseReturned, [
                "ticket": file.id, "fix": fix, "guidance": self.documentGuidance(documentID),
            ]))
        case .ask(let documentID):
            guard decidable else { return self.refuse(decision, file) }
            guard self.configuration.document(documentID) != nil else {
                return self.perform(.refuse("unknown document '\(documentID)'"))
            }
            file.record("document_requested", by: actor, at: self.now, detail: documentID)
            self.returnToCitizen(&file, document: documentID, message: self.text(.documentRequested, [
                "ticket": file.id, "document": self.documentLabel(documentID), "guidance": self.documentGuidance(documentID),
            ]))
        case .close(let reasonID):
            guard file.state.isOpen, file.state != .awaitingPayment, !claimedByAnother else { return self.refuse(decision, file) }
            guard let reason = self.configuration.reasons[reasonID] else {
                return self.perform(.refuse("unknown reason '\(reasonID)'"))
            }
            file.state = .rejected
            file.record("closed", by: actor, at: self.now, detail: reasonID)
            self.save(file)
            if case .serving(let session) = self.state.phase, session.caseID == file.id { self.enter(.idle) }
            let text = reason.citizen.text(self.state.language).replacingOccurrences(of: "{document}", with: self.documentLabel(reason.defaultDocument ?? "ktp"))
            self.say(.caseClosed, ["ticket": file.id, "reason": text])
        case .reply(let message):
            guard file.state.isOpen else { return self.refuse(decision, file) }
            file.record("officer_message", by: actor, at: self.now)
            self.save(file)
            self.say(.officerMessage, ["ticket": file.id, "message": message])
        case .takeOver, .say, .handBack:
            self.applyHandover(decision, to: &file, by: officer)
        case .assign(let assignee):
            guard file.state == .queued || file.state == .claimed, !assignee.isEmpty else { return self.refuse(decision, file) }
            file.state = .claimed
            file.claimedBy = assignee
            file.record("assigned", by: actor, at: self.now, detail: assignee)
            self.save(file)
        }
    }

    // MARK: - Live handover

    private mutating func applyHandover(_ decision: OfficerDecision, to file: inout CaseFile, by officer: String) {
        let actor = "officer:\(officer)"
        let ownedByAnother = self.state.handover.map { $0.officer != officer } ?? false
        switch decision {
        case .takeOver:
            guard file.service == .talkToOfficer, file.state == .queued || file.state == .claimed, file.claimedBy ?? officer == officer,
                !ownedByAnother
            else { return self.refuse(decision, file) }
            guard self.configuration.calendar.isOpen(at: self.now) else {
                return self.perform(.refuse("a conversation is taken over in office hours only"))
            }
            file.state = .claimed
            file.claimedBy = officer
            file.record("taken_over", by: actor, at: self.now)
            self.save(file)
            self.state.handover = Handover(officer: officer, caseID: file.id, since: self.now)
            // Whatever the bot was asking is dropped: from now on the officer leads.
            self.enter(.idle)
            self.say(.handoverStarted, ["officer": officer, "ticket": file.id])
        case .say(let message):
            guard self.state.handover?.officer == officer, self.state.handover?.caseID == file.id else {
                return self.perform(.refuse("case \(file.id): the conversation is not taken over by \(officer)"))
            }
            file.record("officer_message", by: actor, at: self.now)
            self.save(file)
            self.say(.handoverMessage, ["officer": officer, "message": message])
        case .handBack:
            guard self.state.handover?.officer == officer, self.state.handover?.caseID == file.id else {
                return self.perform(.refuse("case \(file.id): the conversation is not taken over by \(officer)"))
            }
            self.state.handover = nil
            file.state = .done
            file.record("handed_back", by: actor, at: self.now)
            self.save(file)
            self.say(.handoverEnded, ["officer": officer, "ticket": file.id])
        default:
            return
        }
    }

    /// A citizen's message while an officer has the conversation: the officer answers, so the bot says nothing
    /// in office hours; outside them it says once per closed stretch who will answer, and when.
    mutating func heldForOfficer(_ handover: Handover) {
        let calendar = self.configuration.calendar
        guard !calendar.isOpen(at: self.now) else { return }
        // A notice given before the office last opened belongs to an earlier stretch.
        if let notice = handover.offHoursNoticeAt, calendar.nextOpening(atOrAfter: notice) > self.now { return }
        var noted = handover
        noted.offHoursNoticeAt = self.now
        self.state.handover = noted
        self.say(.handoverOffHours, ["officer": handover.officer, "opening": self.format.moment(calendar.nextOpening(atOrAfter: self.now))])
    }

    private mutating func refuse(_ decision: OfficerDecision, _ file: CaseFile) {
        self.perform(.refuse("case \(file.id) is \(file.state.rawValue); \(decision) is not possible"))
    }

    private mutating func approve(_ file: inout CaseFile, by actor: String) {
        let outcome = self.configuration.service(file.service)?.onApprove ?? .complete
        switch outcome {
        case .issueVA:
            self.issueVirtualAccount(&file, by: actor)
            self.say(.approvedPaymentDue, self.paymentValues(file))
        case .register:
            guard let participant = self.newParticipant(from: file) else {
                return self.perform(.refuse("case \(file.id) lacks the data to register a participant"))
            }
            self.perform(.registerParticipant(participant))
            file.card = participant.card
            file.amountDue = self.configuration.fees.monthly(careClass: participant.careClass)
            self.issueVirtualAccount(&file, by: actor)
            var values = self.paymentValues(file)
            values["card"] = participant.card
            self.say(.approvedRegistered, values)
        case .updatePhone:
            guard let nik = file.nik, let phone = file.answers["phone"] else {
                return self.perform(.refuse("case \(file.id) has no new phone number"))
            }
            self.update(nik, .phone(phone))
            file.state = .done
            file.record("done", by: actor, at: self.now)
            self.save(file)
            self.say(.approvedPhoneChanged, ["ticket": file.id, "phone": Masking.maskPhone(phone)])
        case .complete:
            file.state = .done
            file.record("done", by: actor, at: self.now)
            self.save(file)
            self.say(.approvedComplete, ["ticket": file.id, "service": self.title(of: file.service)])
        case .changeFaskes, .changeSegment, .addMember, .deactivate, .correctData:
            self.approveService(&file, outcome: outcome, by: actor)
        }
    }

    /// A registration becomes a directory record awaiting its first payment, with a new card number.
    private func newParticipant(from file: CaseFile) -> Participant? {
        guard let nik = file.answers["nik"] ?? file.nik, let name = file.answers["name"],
            let birth = file.answers["birth_date"].flatMap(CalendarDate.init(iso:)), let kk = file.answers["kk"]
        else { return nil }
        let card = self.newCardNumber()
        return Participant(
            nik: nik, name: name, birthDate: birth, status: .menungguPembayaran, segment: .pbpu,
            careClass: Int(file.answers["class"] ?? "3") ?? 3, phone: PhoneNumber.parse(file.citizen),
            email: file.answers["email"], card: card, kk: kk, faskes: file.answers["faskes"] ?? "",
            registeredAt: self.configuration.calendar.local(self.now).date)
    }

    /// Sends the case back to the citizen for one document.
    private mutating func returnToCitizen(_ file: inout CaseFile, document: String, message: String) {
        file.state = .needsInfo
        file.claimedBy = nil
        file.requestedDocuments = [document]
        self.save(file)
        var session = ServiceSession(service: file.service, step: .askDocument(document))
        session.caseID = file.id
        session.nik = file.nik
        session.answers = file.answers
        session.documents = file.documents
        self.enter(.serving(session))
        self.say(text: message)
    }

    /// The document an officer asked for has arrived: the case goes back to the queue.
    mutating func resubmitted(_ session: ServiceSession, caseID: String, document: String) {
        guard var file = self.state.openCase(caseID) else { return }
        file.documents[document] = session.documents[document]
        file.requestedDocuments.removeAll { $0 == document }
        file.state = .queued
        self.startSLA(&file)
        file.record("document_resubmitted", by: "citizen", at: self.now, detail: document)
        file.record("queued", by: "bot", at: self.now)
        self.save(file)
        self.enter(.idle)
        self.say(.caseResubmitted, ["ticket": file.id, "document": self.capitalized(self.documentLabel(document)), "when": self.whenHandled()])
    }

    // MARK: - Payments

    mutating func apply(_ payment: Payment) {
        guard var file = self.state.cases.last(where: { $0.virtualAccount == payment.virtualAccount && $0.state == .awaitingPayment })
        else {
            self.perform(.refuse("no bill is open for virtual account \(payment.virtualAccount)"))
            return
        }
        guard payment.amount > 0 else {
            self.perform(.refuse("a payment must be more than zero"))
            return
        }
        let monthNote = self.chargeMonthsBegun(&file)
        file.amountPaid += payment.amount
        file.record("payment_received", by: "payment", at: self.now, detail: "\(payment.reference) \(payment.amount)")
        let remaining = (file.amountDue ?? 0) - file.amountPaid
        if remaining > 0 {
            self.save(file)
            let text = self.text(.paymentPartial, [
                "paid": self.format.rupiah(payment.amount), "remaining": self.format.rupiah(remaining), "va": payment.virtualAccount,
            ])
            self.say(text: [monthNote, text].compactMap { $0 }.joined(separator: "\n\n"))
            return
        }
        file.state = .done
        file.record("done", by: "payment", at: self.now)
        self.save(file)
        self.perform(.cancelTimer(id: "\(file.id)/payment-reminder"))
        var text = self.text(.paymentComplete, ["paid": self.format.rupiah(payment.amount), "ticket": file.id])
        if file.answers["waiting"] == "wait" {
            // The move to self-paying with its waiting period: active only when the period ends.
            let days = self.configuration.service(.changeSegment)?.number("waiting_period_days", or: 14) ?? 14
            let activeFrom = self.today.adding(days: days)
            self.perform(.scheduleTimer(.init(
                id: "\(file.id)/waiting-period", purpose: .waitingPeriodEnds, caseID: file.id,
                fireAt: self.configuration.calendar.moment(activeFrom, minuteOfDay: 0))))
            text = self.text(.paymentCompleteWaiting, ["paid": self.format.rupiah(payment.amount), "ticket": file.id, "date": self.format.date(activeFrom)])
        } else {
            self.activate(file)
            if file.service == .reactivate, let months = file.answers["arrears_months"].flatMap(Int.init), months > 0 {
                text += "\n\n" + self.penaltyNotice(arrearsMonths: months)
            }
        }
        if remaining < 0 { text += "\n" + self.text(.paymentExcess, ["excess": self.format.rupiah(-remaining)]) }
        self.say(text: [monthNote, text].compactMap { $0 }.joined(separator: "\n\n"))
    }

    /// The membership of a paid case turns AKTIF, for the whole family on the card.
    private mutating func activate(_ file: CaseFile) {
        if let nik = file.nik { self.update(nik, .activated) }
    }

    /// A payment in a later month than the bill was issued in owes the months begun since (the contribution is
    /// monthly): a bill for the months up to March, paid on 3 April, adds April. Returns what the citizen is told
    /// about it: the months added, or for a late payment in the bill's own month that the amount stays; nil when
    /// there is nothing to say (in time, or said already with an earlier part).
    private mutating func chargeMonthsBegun(_ file: inout CaseFile) -> String? {
        let calendar = self.configuration.calendar
        let issued = calendar.local(file.history.last { $0.action == "virtual_account_issued" }?.at ?? file.openedAt).date
        let paid = self.today
        let charged = file.history.filter { $0.action == "month_added" }.count
        let months = (paid.year - issued.year) * 12 + (paid.month - issued.month) - charged
        let deadline = file.paymentDeadline
        let late = deadline.map { self.now > $0 } ?? false
        if months > 0, let monthly = file.monthlyFee, monthly > 0 {
            file.amountDue = (file.amountDue ?? 0) + months * monthly
            for _ in 0..<months { file.record("month_added", by: "payment", at: self.now, detail: String(monthly)) }
            var values = ["months": String(months), "added": self.format.rupiah(months * monthly),
                          "total": self.format.rupiah((file.amountDue ?? 0) - file.amountPaid)]
            guard late, let deadline else { return self.text(.paymentMonthAdded, values) }
            values["deadline"] = self.format.moment(deadline)
            return self.text(.paymentLateMonthAdded, values)
        }
        guard late, let deadline else { return nil }
        // Said once: not again for a later part of a late payment, nor after a month was added.
        let toldBefore = charged > 0 || file.history.contains { $0.action == "payment_received" && $0.at > deadline }
        return toldBefore ? nil : self.text(.paymentLateSameAmount, ["deadline": self.format.moment(deadline)])
    }

    // MARK: - Timers

    mutating func fire(_ timer: ConversationTimer) {
        switch timer.purpose {
        case .paymentReminder:
            guard let file = self.state.openCase(timer.caseID), file.state == .awaitingPayment else { return }
            self.say(.paymentReminder, self.paymentValues(file))
        case .waitingPeriodEnds:
            guard let file = self.state.cases.last(where: { $0.id == timer.caseID }), file.state == .done else { return }
            self.activate(file)
            self.say(.waitingPeriodOver, ["ticket": file.id])
        case .slaDue:
            // Decided in time, or back with the citizen (a later queueing starts a new SLA): nothing to escalate.
            guard var file = self.state.openCase(timer.caseID), file.state == .queued || file.state == .claimed,
                let due = file.dueAt, due <= self.now
            else { return }
            file.record("escalated", by: "bot", at: self.now, detail: "sla")
            self.save(file)
            self.say(.caseEscalated, ["ticket": file.id])
        }
    }

    /// Gives a case just queued its SLA: a due time in working hours, and a timer that escalates it when no officer
    /// has decided by then.
    mutating func startSLA(_ file: inout CaseFile) {
        let due = self.configuration.calendar.adding(workingMinutes: self.configuration.general.caseSLAWorkingHours * 60, to: self.now)
        file.dueAt = due
        self.perform(.scheduleTimer(.init(id: "\(file.id)/sla", purpose: .slaDue, caseID: file.id, fireAt: due)))
    }
}
