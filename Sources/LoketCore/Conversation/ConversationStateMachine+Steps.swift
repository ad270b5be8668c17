import Foundation

/// Walking a service's steps: identity, the service's check, fields, documents, the summary and the case.
extension ConversationStateMachine {
    // MARK: - Starting

    mutating func start(_ intent: Intent, prefill: [String: String] = [:]) {
        self.servedThisEvent = intent
        guard let service = self.configuration.service(intent) else {
            self.enter(.idle)
            self.showMenu()
            return
        }
        switch service.kind {
        case .info:
            self.enter(.idle)
            self.answerInformation(service)
            return
        case .flow:
            break
        }
        var session = ServiceSession(service: intent, step: .askNIK)
        session.answers = prefill
        if service.check == .account, prefill[Self.accountChecked] == nil, !self.identityIsFresh {
            // The general help needs nobody's data; the account's own phone and email come after proof of identity.
            self.enter(.offering(intent, prefill: [Self.accountChecked: "yes"]))
            self.say(
                text: service.answer.text(self.state.language) + "\n\n" + self.text(.accountOffer),
                buttons: [self.button("yes", .buttonCheckAccount), self.button("no", .buttonLater)])
            return
        }
        guard service.identity != .none else {
            self.enter(.serving(session))
            self.continueCollecting(session, acknowledgement: self.text(.serviceStart, ["service": service.title.text(self.state.language)]))
            return
        }
        if let until = self.state.identityLockedUntil, until > self.now {
            self.enter(.idle)
            self.say(.identityLocked, ["until": self.format.moment(until)])
            return
        }
        if let verified = self.state.verified, self.identityIsFresh {
            // Activation and reactivation are the same request seen from two sides; the status decides which.
            switch (intent, verified.record.participant.status) {
            case (.reactivate, .menungguPembayaran): return self.start(.activate, prefill: prefill)
            case (.activate, .nonaktif): return self.start(.reactivate, prefill: prefill)
            default: break
            }
            session.record = verified.record
            session.nik = verified.record.participant.nik
            self.identityConfirmed(session, acknowledgement: self.text(.serviceStartVerified, [
                "service": service.title.text(self.state.language), "honorific": self.honorific(verified.record.participant),
            ]))
            return
        }
        if let nik = self.state.rememberedNIK {
            self.state.rememberedNIK = nil
            session.nik = nik
            session.step = .lookingUp(nik: nik, next: .identity, since: self.now)
            self.enter(.serving(session))
            self.perform(.lookUpParticipant(nik: nik))
            return
        }
        self.enter(.serving(session))
        self.say(text: self.text(.serviceStart, ["service": service.title.text(self.state.language)]) + "\n\n" + self.text(.askNIK))
    }

    /// Whether the citizen proved who they are recently enough for another request to go on without asking again.
    var identityIsFresh: Bool {
        guard let verified = self.state.verified else { return false }
        return self.now.timeIntervalSince(verified.at) < TimeInterval(self.configuration.general.identityValidMinutes * 60)
    }

    // MARK: - Answers

    /// A text message while a service is under way: tried first as the answer the step waits for.
    mutating func handleAnswer(_ text: String, in session: ServiceSession) {
        switch session.step {
        case .askNIK:
            self.nikAnswered(text, in: session)
        case .lookingUp(let nik, let purpose, let since):
            self.messageWhileLookingUp(text, nik: nik, purpose: purpose, since: since, in: session)
        case .askBirthDate:
            self.birthDateAnswered(text, in: session, cardAllowed: false)
        case .askCardOrBirthDate:
            self.birthDateAnswered(text, in: session, cardAllowed: true)
        case .offerProceed:
            switch self.understanding.answer(text) {
            case .yes: self.continueCollecting(session, acknowledgement: nil)
            case .no:
                self.enter(.idle)
                self.say(.offerDeclined)
            case nil: self.notTheAnswer(text, in: session, problem: .expectedYesNo)
            }
        case .confirmNewPhone(let phone):
            if let typed = self.understanding.extractor.extract(text).phone {
                self.newPhoneChosen(typed, in: session)
                return
            }
            switch self.understanding.answer(text) {
            case .yes: self.newPhoneChosen(phone, in: session)
            case .no:
                self.askForAnotherPhone(in: session)
            case nil where text.lowercased().contains("lain"):
                self.askForAnotherPhone(in: session)
            case nil:
                self.notTheAnswer(text, in: session, problem: .expectedYesNo)
            }
        case .askField(let id):
            self.fieldAnswered(text, field: id, in: session)
        case .askDocument(let id):
            self.notTheAnswer(text, in: session, problem: .expectedDocument(id))
        case .confirmException(let exception):
            self.exceptionAnswered(text, exception: exception, in: session)
        case .confirmSummary:
            switch self.understanding.answer(text) {
            case .yes: self.submit(session)
            case .no:
                self.enter(.idle)
                self.say(.summaryDeclined)
            case nil: self.notTheAnswer(text, in: session, problem: .expectedYesNo)
            }
        case .stuck(let step):
            let lower = text.lowercased()
            if lower.contains("coba") || lower == "retry" {
                var next = session
                next.step = step
                next.failures = 0
                self.enter(.serving(next))
                self.say(text: self.prompt(for: next))
            } else {
                var next = session
                next.step = step
                next.failures = self.configuration.general.stepMaxFailures - 1
                self.handleAnswer(text, in: next)
            }
        }
    }

    /// How long a directory lookup may take before a message in the meantime asks again (the core system's
    /// timeout and retries fit in it).
    private static let lookupPatience: TimeInterval = 30

    /// A message while the directory is asked about the NIK: a quick typist's birth date overtook the answer, or
    /// the answer never came (the runtime stopped between the two, or the directory could not answer). A proof of
    /// identity in it is kept for the answer; the citizen hears that it is on its way, or the directory is asked again.
    private mutating func messageWhileLookingUp(_ text: String, nik: String, purpose: ServiceSession.LookupPurpose, since: Date?, in session: ServiceSession) {
        var next = session
        if purpose == .identity, let proof = self.understanding.extractor.answeredDate(text)?.iso ?? self.understanding.extractor.extract(text).card {
            next.answers[Self.givenProof] = proof
        }
        if let since, self.now.timeIntervalSince(since) < Self.lookupPatience {
            self.enter(.serving(next))
            self.say(.stillLookingUp, ["nik": NIK(nik)?.masked ?? nik])
            return
        }
        next.step = .lookingUp(nik: nik, next: purpose, since: self.now)
        self.enter(.serving(next))
        self.perform(.lookUpParticipant(nik: nik))
    }

    /// What was wrong with an answer, so the re-prompt can say it.
    enum AnswerProblem: Equatable {
        case nik(EntityProblem?)
        case birthDate(EntityProblem?)
        /// A date other than a birth date, named by its field's label ("tanggal meninggal").
        case date(label: String, EntityProblem?)
        case futureDate
        case cardOrBirthDate
        case field(ServiceDefinition.FieldKind)
        case expectedYesNo
        case expectedDocument(String)
    }

    /// The answer did not fit. A question in passing is answered, a change of topic is offered; otherwise the
    /// citizen hears what was wrong, once, and after repeated failures is offered an officer.
    mutating func notTheAnswer(_ text: String, in session: ServiceSession, problem: AnswerProblem) {
        if let entry = self.understanding.faqEntry(text) {
            self.say(
                text: entry.answer.text(self.state.language) + "\n\n" + self.text(.resume, ["question": self.prompt(for: session)]),
                buttons: self.buttons(for: session))
            return
        }
        let prediction = self.understanding.classifier.classify(text)
        if prediction.intent == .register, let nik = session.answers[Self.unregisteredNIK] {
            // The citizen took up the offer to register the NIK the directory did not know.
            self.start(.register, prefill: ["nik": nik])
            return
        }
        // A message with a number in it is an attempt at the answer, and at a document step people explain
        // themselves ("kamera hp sy rusak"); only a clear request changes the topic.
        let attempted = text.filter(\.isNumber).count >= 6 || Self.speaksOfDocuments(text, at: session.step)
        let threshold = if case .askDocument = session.step { 0.95 } else { 0.5 }
        if prediction.intent.isService, prediction.intent != session.service, prediction.confidence >= threshold, !attempted {
            self.askToSwitch(from: session, to: prediction.intent)
            return
        }
        if (prediction.intent == .greeting || prediction.intent == .thanks), prediction.confidence >= 0.5 {
            self.say(.resume, ["question": self.prompt(for: session)], buttons: self.buttons(for: session))
            return
        }
        self.failed(session, problem: problem)
    }

    private static let documentWords: Set<String> = ["ktp", "kk", "foto", "selfie", "swafoto", "dokumen", "kartu", "akta", "surat", "scan"]

    /// At a document step, a message about photos or documents ("ktp nya udh sy kirim kmrn") is about this step.
    private static func speaksOfDocuments(_ text: String, at step: ServiceSession.Step) -> Bool {
        guard case .askDocument = step else { return false }
        return text.lowercased().split { !$0.isLetter }.contains { self.documentWords.contains(String($0)) }
    }

    mutating func failed(_ session: ServiceSession, problem: AnswerProblem) {
        var next = session
        next.failures += 1
        if next.failures >= self.configuration.general.stepMaxFailures {
            next.step = .stuck(session.step)
            self.enter(.serving(next))
            self.say(.stepStuck, buttons: self.buttons(for: next))
            return
        }
        self.enter(.serving(next))
        var explanation = self.explanation(of: problem)
        if problem == .expectedYesNo { explanation += "\n\n" + self.prompt(for: next) }
        self.say(text: explanation, buttons: self.buttons(for: next))
    }

    // MARK: - Identity

    private mutating func nikAnswered(_ text: String, in session: ServiceSession) {
        let entities = self.understanding.extractor.extract(text)
        guard let nik = entities.nik else {
            let problem = entities.problems.first { if case .impossibleDate = $0 { false } else { true } }
            if problem == nil && !text.contains(where: \.isNumber) {
                self.notTheAnswer(text, in: session, problem: .nik(nil))
            } else {
                self.failed(session, problem: .nik(problem))
            }
            return
        }
        var next = session
        next.nik = nik.digits
        next.failures = 0
        next.step = .lookingUp(nik: nik.digits, next: .identity, since: self.now)
        // "NIK 3171… lahir 17-08-1990": the second proof of identity may come in the same message.
        if let date = entities.birthDate {
            next.answers[Self.givenProof] = date.iso
        } else if let card = entities.card {
            next.answers[Self.givenProof] = card
        }
        self.enter(.serving(next))
        self.perform(.lookUpParticipant(nik: nik.digits))
    }

    /// The directory's answer to the NIK being checked.
    mutating func lookupFinished(_ record: DirectoryRecord?) {
        guard case .serving(var session) = self.state.phase, case .lookingUp(let nik, let purpose, _) = session.step else {
            return  // A late answer after the citizen cancelled: nothing waits for it.
        }
        switch purpose {
        case .identity:
            guard let record else {
                session.step = .askNIK
                session.failures += 1
                session.answers[Self.unregisteredNIK] = nik
                self.enter(.serving(session))
                self.say(
                    .nikNotFound, ["nik": NIK(nik)?.masked ?? nik],
                    buttons: [Reply.Button(id: "service:register", title: self.title(of: .register)), self.button("cancel", .buttonCancel)])
                return
            }
            session.record = record
            let service = self.configuration.service(session.service)
            session.step = service?.identity == .nikCardOrBirthDate ? .askCardOrBirthDate : .askBirthDate
            if let proof = session.answers.removeValue(forKey: Self.givenProof) {
                self.birthDateAnswered(proof, in: session, cardAllowed: session.step == .askCardOrBirthDate)
                return
            }
            self.enter(.serving(session))
            self.say(text: self.prompt(for: session))
        case .registration:
            if let record {
                self.state.rememberedNIK = nik
                let values = ["nik": NIK(nik)?.masked ?? nik, "status": self.statusLabel(record.participant)]
                // A registered participant who is not active is pointed at the service that helps.
                let next: Intent? = switch record.participant.status {
                case .aktif: nil
                case .menungguPembayaran: .activate
                case .nonaktif: .reactivate
                case .penangguhan: .updateData
                }
                if let next {
                    self.enter(.offering(next, prefill: [:]))
                    self.say(
                        text: self.text(.alreadyRegisteredOffer, values.merging(["service": self.title(of: next)]) { $1 }),
                        buttons: [self.button("yes", .buttonYesContinue), self.button("no", .buttonLater)])
                } else {
                    self.enter(.idle)
                    self.say(.alreadyRegistered, values)
                }
                return
            }
            session.answers["nik"] = nik
            self.continueCollecting(session, acknowledgement: self.text(.nikAvailable))
        }
    }

    /// The answer key that keeps a NIK the directory did not know, so registering need not ask for it again.
    static let unregisteredNIK = "unregistered_nik"
    /// The answer key that keeps a birth date or card number sent together with the NIK.
    static let givenProof = "given_proof"

    private mutating func birthDateAnswered(_ text: String, in session: ServiceSession, cardAllowed: Bool) {
        guard let record = session.record else { return self.start(session.service) }
        let entities = self.understanding.extractor.extract(text)
        let matches: Bool
        if cardAllowed, let card = entities.card {
            matches = card == record.participant.card
        } else if let date = self.understanding.extractor.answeredDate(text) {
            matches = date == record.participant.birthDate
        } else {
            let dateProblem = entities.problems.first { if case .impossibleDate = $0 { true } else { false } }
            if dateProblem == nil && !text.contains(where: \.isNumber) {
                self.notTheAnswer(text, in: session, problem: cardAllowed ? .cardOrBirthDate : .birthDate(nil))
            } else {
                self.failed(session, problem: cardAllowed && dateProblem == nil ? .cardOrBirthDate : .birthDate(dateProblem))
            }
            return
        }
        guard matches else {
            self.identityFailed(session)
            return
        }
        self.state.identityFailures = 0
        self.state.verified = .init(record: record, at: self.now)
        self.identityConfirmed(session, acknowledgement: nil)
    }

    private mutating func identityFailed(_ session: ServiceSession) {
        self.state.identityFailures += 1
        let maximum = self.configuration.general.identityMaxFailures
        if self.state.identityFailures >= maximum {
            let until = self.now.addingTimeInterval(TimeInterval(self.configuration.general.identityLockMinutes * 60))
            self.state.identityLockedUntil = until
            self.state.identityFailures = 0
            self.enter(.idle)
            self.say(.identityLocked, ["until": self.format.moment(until)])
            return
        }
        self.enter(.serving(session))
        self.say(.identityMismatch, ["remaining": String(maximum - self.state.identityFailures)])
    }

    // MARK: - Fields

    private mutating func fieldAnswered(_ text: String, field id: String, in session: ServiceSession) {
        guard let field = self.configuration.service(session.service)?.fields.first(where: { $0.id == id }) else {
            // The phone of change_phone may be asked without a field in config.
            if id == "phone", let phone = self.understanding.extractor.extract(text).phone {
                return self.newPhoneChosen(phone, in: session)
            }
            return self.failed(session, problem: .field(.phone))
        }
        guard let value = self.value(of: field.kind, in: text, session: session) else { return }
        if field.kind == .phone && session.service == .changePhone {
            return self.newPhoneChosen(value, in: session)
        }
        var next = session
        next.answers[id] = value
        next.failures = 0
        self.fillOtherFields(from: text, into: &next, except: id)
        if field.kind == .nik && self.configuration.service(session.service)?.check == .register {
            next.step = .lookingUp(nik: value, next: .registration, since: self.now)
            self.enter(.serving(next))
            self.perform(.lookUpParticipant(nik: value))
            return
        }
        self.continueCollecting(next, acknowledgement: nil)
    }

    /// Reads a field's value from text, or explains what was wrong and returns nil.
    private mutating func value(of kind: ServiceDefinition.FieldKind, in text: String, session: ServiceSession) -> String? {
        let entities = self.understanding.extractor.extract(text)
        let digits = text.filter(\.isNumber)
        func fail(_ problem: AnswerProblem) -> String? {
            if !text.contains(where: \.isNumber) && kind != .email {
                self.notTheAnswer(text, in: session, problem: problem)
            } else {
                self.failed(session, problem: problem)
            }
            return nil
        }
        switch kind {
        case .nik:
            if let nik = entities.nik { return nik.digits }
            if session.service == .addMember, text.lowercased().split(separator: " ").contains(where: { ["belum", "blm", "blum"].contains($0) }) {
                // A baby whose NIK Dukcapil has not issued yet.
                self.say(.newbornNeedsNIK)
                return nil
            }
            return fail(.nik(entities.problems.first))
        case .kk:
            if let kk = entities.kk { return kk }
            if let nik = entities.nik { return nik.digits }  // A KK has the NIK's shape; a bare one reads as a NIK.
            if digits.count == 16, NIK.provinceCodes.contains(Int(digits.prefix(2)) ?? 0) { return String(digits) }
            return fail(.field(.kk))
        case .card:
            if let card = entities.card { return card }
            return fail(.field(.card))
        case .phone:
            if let phone = entities.phone { return phone }
            return fail(.field(.phone))
        case .email:
            if let email = entities.email { return email }
            if !text.contains("@") {
                self.notTheAnswer(text, in: session, problem: .field(.email))
            } else {
                self.failed(session, problem: .field(.email))
            }
            return nil
        case .birthDate, .date:
            let problem = entities.problems.first { if case .impossibleDate = $0 { true } else { false } }
            let today = self.today
            // An event's date may be told in words ("kemarin sore", "senin"); a birth date never is.
            let relative = kind == .date ? RelativeDate.parse(text, today: today) : nil
            guard let date = self.understanding.extractor.answeredDate(text) ?? relative else {
                guard kind == .date, let field = self.field(of: session) else { return fail(.birthDate(problem)) }
                return fail(.date(label: field.label.text(self.state.language).lowercased(), problem))
            }
            guard date <= today else {
                self.failed(session, problem: .futureDate)
                return nil
            }
            return date.iso
        case .careClass:
            if let value = entities.careClass { return String(value) }
            let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }
            let names = ["1": "1", "2": "2", "3": "3", "satu": "1", "dua": "2", "tiga": "3", "i": "1", "ii": "2", "iii": "3"]
            // "3", "3 aja kak", "yg 3": a short answer with one class in it.
            let values = Set(words.compactMap { names[String($0)] })
            if words.count <= 4, values.count == 1, let value = values.first { return value }
            let saysClass = words.contains { ["kelas", "kls", "klas", "class"].contains($0) }
            if saysClass {
                self.failed(session, problem: .field(.careClass))
                return nil
            }
            return fail(.field(.careClass))
        case .choice:
            let options = self.field(of: session)?.options ?? []
            let lower = text.lowercased()
            if let option = options.first(where: { $0.id == text || lower.contains($0.title.text(self.state.language).lowercased()) }) {
                return option.id
            }
            return fail(.field(.choice))
        case .faskes:
            // A facility of the list by its number ("nomer 1 aja") or name; another one named in full is checked by
            // an officer.
            let offered = self.nearbyFaskes(session)
            let words = text.split { !$0.isLetter && !$0.isNumber }
            let numbers = words.compactMap { Int($0) }
            if words.count <= 4, numbers.count == 1, offered.indices.contains(numbers[0] - 1) {
                return offered[numbers[0] - 1].name
            }
            if let named = self.configuration.faskes(named: text, preferring: offered) { return named.name }
            fallthrough
        case .text, .area:
            let letters = text.filter(\.isLetter).count
            guard letters >= 3 else {
                self.failed(session, problem: .field(kind))
                return nil
            }
            if self.asksForAnotherService(text, instead: kind, in: session) {
                self.notTheAnswer(text, in: session, problem: .field(kind))
                return nil
            }
            return String(text.prefix(300))
        }
    }

    /// At the address or facility question, text that is plainly a request for another service ("eh no hp sy
    /// udh mati, mau ganti nomor hp juga") rather than a place. A place the facility list knows is always an answer;
    /// other free text (a name, the problem to tell an officer) is taken as written.
    private func asksForAnotherService(_ text: String, instead kind: ServiceDefinition.FieldKind, in session: ServiceSession) -> Bool {
        guard kind == .area || kind == .faskes, self.configuration.faskes(near: text).isEmpty else { return false }
        let prediction = self.understanding.classifier.classify(text)
        return prediction.intent.isService && prediction.intent != session.service && prediction.confidence >= 0.9
    }

    /// "kk 3171… email budi@gmail.com kelas 2": values for later fields sent in the same message are kept, so
    /// they are not asked again.
    private func fillOtherFields(from text: String, into session: inout ServiceSession, except answered: String) {
        guard let service = self.configuration.service(session.service) else { return }
        let entities = self.understanding.extractor.extract(text)
        for field in service.fields where field.id != answered && session.answers[field.id] == nil {
            let value: String? = switch field.kind {
            case .kk: entities.kk
            case .email: entities.email
            case .careClass: entities.careClass.map(String.init)
            case .card: entities.card
            case .phone where session.service != .changePhone: entities.phone
            case .birthDate: entities.birthDate?.iso
            case .nik, .phone, .text, .faskes, .date, .choice, .area: nil
            }
            if let value { session.answers[field.id] = value }
        }
    }

    /// The field the session asks for now.
    func field(of session: ServiceSession) -> ServiceDefinition.Field? {
        guard case .askField(let id) = session.step else { return nil }
        return self.configuration.service(session.service)?.fields.first { $0.id == id }
    }

    // MARK: - Change of phone

    /// "Nomor lain": the new number is not the one the citizen writes from.
    private mutating func askForAnotherPhone(in session: ServiceSession) {
        var next = session
        next.step = .askField("phone")
        self.enter(.serving(next))
        self.say(text: self.prompt(for: next))
    }

    private mutating func newPhoneChosen(_ phone: String, in session: ServiceSession) {
        var next = session
        if let current = session.record?.participant.phone, current == phone {
            self.enter(.idle)
            self.say(.phoneAlreadyRegistered, ["phone": Masking.maskPhone(phone)])
            return
        }
        next.answers["phone"] = phone
        next.failures = 0
        self.continueCollecting(next, acknowledgement: self.text(.phoneNoted, ["phone": Masking.maskPhone(phone)]))
    }

    // MARK: - Collecting

    /// Asks for the next missing field or document, or shows the summary when everything is in.
    mutating func continueCollecting(_ session: ServiceSession, acknowledgement: String?) {
        guard let service = self.configuration.service(session.service) else { return }
        var next = session
        next.failures = 0
        guard self.answersAllowed(&next) else { return }
        let segment = next.record?.participant.segment
        if let field = service.fields.first(where: { next.answers[$0.id] == nil && $0.asks(segment) }) {
            next.step = .askField(field.id)
        } else if let document = self.documents(for: next).first(where: { next.documents[$0] == nil }) {
            next.step = .askDocument(document)
        } else {
            next.step = .confirmSummary
        }
        self.enter(.serving(next))
        let question = self.prompt(for: next)
        self.say(text: [acknowledgement, question].compactMap { $0 }.joined(separator: "\n\n"), buttons: self.buttons(for: next))
    }

    /// A photo or file while a service is under way.
    mutating func documentReceived(_ attachment: Attachment, in session: ServiceSession) {
        var session = session
        if case .stuck(let step) = session.step { session.step = step }  // The photo is the answer given up on.
        if session.step == .offerProceed, let first = self.configuration.service(session.service)?.documents.first {
            // A photo sent at "go on?" is a yes, and the first document.
            session.step = .askDocument(first)
        }
        guard case .askDocument(let id) = session.step else {
            self.say(.photoNotExpected, ["question": self.prompt(for: session)])
            return
        }
        if let problem = attachment.problem {
            let key: ReplyKey = switch problem {
            case .tooSmall: .photoTooSmall
            case .tooLarge: .fileTooLarge
            case .unsupportedType: .fileTypeNotAccepted
            }
            self.enter(.serving(session))
            self.say(key, ["document": self.documentLabel(id), "guidance": self.documentGuidance(id)])
            return
        }
        var next = session
        next.documents[id] = attachment
        let label = self.documentLabel(id)
        if let caseID = session.caseID {
            self.resubmitted(next, caseID: caseID, document: id)
            return
        }
        self.continueCollecting(next, acknowledgement: self.text(.documentReceived, ["document": self.capitalized(label)]))
    }

    // MARK: - Submitting

    private mutating func submit(_ session: ServiceSession) {
        guard let service = self.configuration.service(session.service) else { return }
        guard self.needsOfficer(session) else { return self.completeWithoutOfficer(session, service: service) }
        var file = CaseFile(id: self.ticket(), service: session.service, citizen: self.state.address, openedAt: self.now)
        file.nik = session.nik ?? session.answers["nik"]
        file.name = session.record?.participant.name ?? session.answers["name"]
        file.card = session.record?.participant.card
        file.answers = session.answers.merging(self.caseFacts(for: session)) { $1 }
        file.documents = session.documents
        file.amountDue = self.amountDue(for: session)
        file.monthlyFee = self.monthlyFee(for: session)
        file.state = .queued
        self.startSLA(&file)
        file.record("opened", by: "citizen", at: self.now)
        file.record("queued", by: "bot", at: self.now)
        self.save(file)
        self.enter(.idle)
        self.say(.caseQueued, ["ticket": file.id, "service": service.title.text(self.state.language), "when": self.whenHandled()])
    }

    /// When an officer will look at a case queued now.
    func whenHandled() -> String {
        let calendar = self.configuration.calendar
        if calendar.isOpen(at: self.now) {
            return self.text(.handledToday)
        }
        return self.text(.handledNextOpening, ["opening": self.format.moment(calendar.nextOpening(atOrAfter: self.now))])
    }

    /// A case the citizen opens now about `person`, under a fresh ticket; the caller adds what the service needs.
    func newCase(_ service: Intent, about person: Participant) -> CaseFile {
        var file = CaseFile(id: self.ticket(), service: service, citizen: self.state.address, openedAt: self.now)
        file.nik = person.nik
        file.name = person.name
        file.card = person.card
        file.record("opened", by: "citizen", at: self.now)
        return file
    }

    /// A fresh ticket number: `LKT-260302-0007`.
    func ticket() -> String {
        let date = self.configuration.calendar.local(self.now).date
        let day = String(date.iso.replacingOccurrences(of: "-", with: "").dropFirst(2))
        // The event's sequence number is unique across the store, so no two cases share a ticket (it grows past four
        // digits rather than wrapping around).
        let serial = String(self.context.sequence)
        return "LKT-\(day)-" + String(repeating: "0", count: max(0, 4 - serial.count)) + serial
    }
}
