import Foundation

/// The words of each step: questions, re-prompts, labels, the menu and how citizens are addressed.
extension ConversationStateMachine {
    /// The question the current step asks; also the re-prompt after a digression.
    func prompt(for session: ServiceSession) -> String {
        switch session.step {
        case .askNIK, .lookingUp:
            return self.text(.askNIK)
        case .askBirthDate:
            return self.text(.askBirthDate, ["nik": session.nik.flatMap { NIK($0)?.masked } ?? ""])
        case .askCardOrBirthDate:
            return self.text(.askCardOrBirthDate, ["nik": session.nik.flatMap { NIK($0)?.masked } ?? ""])
        case .offerProceed:
            return self.text(.askProceedReactivation)
        case .confirmNewPhone(let phone):
            return self.text(.confirmNewPhone, ["phone": Masking.maskPhone(phone)])
        case .askField(let id):
            let field = self.configuration.service(session.service)?.fields.first { $0.id == id }
            guard let field else { return self.text(.askNewPhone) }
            if field.kind == .faskes { return self.faskesPrompt(field, nearby: self.nearbyFaskes(session)) }
            return field.prompt.text(self.state.language)
        case .confirmException:
            return self.text(.faskesEarlyQuestion)
        case .askDocument(let id):
            return self.text(.askDocument, ["document": self.documentLabel(id), "guidance": self.documentGuidance(id)])
        case .confirmSummary:
            return self.summary(session)
        case .stuck(let step):
            var inner = session
            inner.step = step
            return self.prompt(for: inner)
        }
    }

    /// The buttons that go with the current step's question.
    func buttons(for session: ServiceSession) -> [Reply.Button] {
        switch session.step {
        case .offerProceed: [self.button("yes", .buttonYesContinue), self.button("no", .buttonLater)]
        case .confirmNewPhone: [self.button("yes", .buttonThisNumber), self.button("other", .buttonOtherNumber)]
        case .confirmSummary: [self.button("yes", .buttonSubmit), self.button("cancel", .buttonCancel)]
        case .stuck: [self.button("officer", .buttonOfficer), self.button("retry", .buttonRetry), self.button("cancel", .buttonCancel)]
        case .confirmException: [self.button("yes", .buttonYes), self.button("no", .buttonNo)]
        case .askField:
            self.field(of: session).map { field in
                field.options.map { Reply.Button(id: "option:\($0.id)", title: $0.title.text(self.state.language)) }
            } ?? []
        case .askNIK, .lookingUp, .askBirthDate, .askCardOrBirthDate, .askDocument: []
        }
    }

    /// The facilities near where the citizen lives, numbered; or, when none is known there, the question to name one.
    private func faskesPrompt(_ field: ServiceDefinition.Field, nearby: [Faskes]) -> String {
        guard !nearby.isEmpty else { return self.text(.faskesNoneListed) + "\n\n" + field.prompt.text(self.state.language) }
        let lines = nearby.enumerated().map { "\($0.offset + 1). \($0.element.name)" }
        return self.text(.faskesChoose, ["list": lines.joined(separator: "\n")])
    }

    /// A label that starts a sentence: "Swafoto sambil memegang KTP diterima."
    func capitalized(_ label: String) -> String {
        label.prefix(1).uppercased() + label.dropFirst()
    }

    /// What was wrong with an answer, with the right shape, in one message.
    func explanation(of problem: AnswerProblem) -> String {
        switch problem {
        case .nik(let entityProblem):
            switch entityProblem {
            case .digitCount(let count): return self.text(.nikWrongLength, ["count": String(count)])
            case .lettersInNumber: return self.text(.nikHasLetters)
            case .invalidNIK: return self.text(.nikInvalid)
            case .impossibleDate, nil: return self.text(.nikMissing)
            }
        case .birthDate(let entityProblem):
            if case .impossibleDate(let typed) = entityProblem { return self.text(.dateImpossible, ["date": typed]) }
            return self.text(.birthDateMissing)
        case .date(let label, let entityProblem):
            if case .impossibleDate(let typed) = entityProblem { return self.text(.dateImpossible, ["date": typed]) }
            return self.text(.dateMissing, ["label": label])
        case .futureDate:
            return self.text(.dateInFuture)
        case .cardOrBirthDate:
            return self.text(.cardOrBirthDateMissing)
        case .field(let kind):
            switch kind {
            case .kk: return self.text(.kkInvalid)
            case .card: return self.text(.cardInvalid)
            case .phone: return self.text(.phoneInvalid)
            case .email: return self.text(.emailInvalid)
            case .careClass: return self.text(.classInvalid)
            case .nik: return self.text(.nikMissing)
            case .birthDate, .date: return self.text(.birthDateMissing)
            case .text, .faskes, .area: return self.text(.textTooShort)
            case .choice: return self.text(.choiceInvalid)
            }
        case .expectedYesNo:
            return self.text(.expectedYesNo)
        case .expectedDocument(let id):
            return self.text(.expectedDocument, ["document": self.documentLabel(id)])
        }
    }

    /// The summary before a request is sent, with personal data masked.
    func summary(_ session: ServiceSession) -> String {
        guard let service = self.configuration.service(session.service) else { return "" }
        var lines = ["• " + self.text(.summaryService, ["service": service.title.text(self.state.language)])]
        if let nik = session.nik ?? session.answers["nik"], let valid = NIK(nik) {
            lines.append("• NIK: \(valid.masked)")
        }
        if let name = session.record?.participant.name {
            lines.append("• " + self.text(.summaryName, ["name": Masking.maskName(name)]))
        }
        for field in service.fields where field.kind != .nik {
            guard let value = session.answers[field.id] else { continue }
            let label = field.label.text(self.state.language)
            let option = field.options.first { $0.id == value }?.title.text(self.state.language)
            let shown = field.id.hasSuffix("name") ? Masking.maskName(value) : option ?? self.display(value, kind: field.kind)
            lines.append("• \(label): \(shown)")
        }
        if service.fields.allSatisfy({ $0.id != "phone" }), let phone = session.answers["phone"] {
            lines.append("• " + self.text(.summaryNewPhone, ["phone": Masking.maskPhone(phone)]))
        }
        for id in self.documents(for: session) where session.documents[id] != nil {
            lines.append("• \(self.documentLabel(id)) ✓")
        }
        lines += self.summaryNotes(session).map { "• " + $0 }
        return self.text(.summary, ["lines": lines.joined(separator: "\n")])
    }

    private func display(_ value: String, kind: ServiceDefinition.FieldKind) -> String {
        switch kind {
        case .nik, .kk: Masking.maskDigits(value, keepFirst: 4, keepLast: 4)
        case .card: Masking.maskDigits(value, keepFirst: 4, keepLast: 3)
        case .phone: Masking.maskPhone(value)
        case .email: Masking.maskEmail(value)
        case .birthDate, .date: CalendarDate(iso: value).map { self.format.date($0) } ?? value
        case .careClass: self.text(.classLabel, ["class": value])
        case .text, .faskes, .area, .choice: Self.maskingLongNumbers(value)
        }
    }

    /// Free text shown back with any identifier-length number masked (a NIK typed inside an answer).
    static func maskingLongNumbers(_ text: String) -> String {
        var result = ""
        var digits = ""
        func flush() {
            result += digits.count >= 10 ? Masking.maskDigits(digits, keepFirst: 4, keepLast: 4) : digits
            digits = ""
        }
        for character in text {
            if character.isASCII && character.isNumber {
                digits.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// A short pointer to what the citizen can do now, appended to replies about odd messages.
    func nextStepHint() -> String {
        switch self.state.phase {
        case .serving(let session), .confirmingSwitch(let session, _):
            return self.prompt(for: session)
        case .offering, .clarifying:
            return self.text(.expectedYesNo)
        case .idle:
            return self.text(.menuHint)
        }
    }

    /// The buttons of the question in hand, offered again when a reply repeats it.
    func currentButtons() -> [Reply.Button] {
        switch self.state.phase {
        case .serving(let session): self.buttons(for: session)
        case .confirmingSwitch: [self.button("yes", .buttonSwitch), self.button("no", .buttonContinue)]
        case .offering: [self.button("yes", .buttonYesContinue), self.button("no", .buttonLater)]
        case .idle, .clarifying: []
        }
    }

    /// The numbered menu of services.
    func menuText() -> String {
        self.configuration.general.menu.enumerated().map { "\($0.offset + 1). \(self.title(of: $0.element))" }
            .joined(separator: "\n")
    }

    func title(of intent: Intent) -> String {
        self.configuration.service(intent)?.title.text(self.state.language) ?? intent.rawValue
    }

    func documentLabel(_ id: String) -> String {
        self.configuration.document(id)?.label.text(self.state.language) ?? id
    }

    func documentGuidance(_ id: String) -> String {
        self.configuration.document(id)?.guidance.text(self.state.language) ?? ""
    }

    /// "Ibu Siti", "Bapak Budi"; the NIK's day + 40 tells women's numbers apart.
    func honorific(_ person: Participant) -> String {
        self.text(person.isFemale ? .honorificFemale : .honorificMale, ["name": person.firstName])
    }

    /// "Selamat pagi", by the office's local time.
    func salutation() -> String {
        let minute = self.configuration.calendar.local(self.now).minuteOfDay
        switch minute {
        case ..<(11 * 60): return self.text(.salutationMorning)
        case ..<(15 * 60): return self.text(.salutationAfternoon)
        case ..<(18 * 60 + 30): return self.text(.salutationEvening)
        default: return self.text(.salutationNight)
        }
    }

    func statusLabel(_ person: Participant) -> String {
        switch person.status {
        case .aktif: self.text(.statusActive)
        case .nonaktif: self.text(.statusInactive)
        case .penangguhan: self.text(.statusSuspendedLabel)
        case .menungguPembayaran: self.text(.statusAwaitingPayment)
        }
    }
}
