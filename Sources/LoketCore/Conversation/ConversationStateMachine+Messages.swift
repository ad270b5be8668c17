import Foundation

/// Reading a citizen's message: safety first, then what kind of message it is, then where the conversation stands.
extension ConversationStateMachine {
    private static let menuPhrases: Set<String> = ["menu", "menu utama", "kembali ke menu", "pilihan", "daftar layanan", "main menu"]

    mutating func handle(_ message: InboundMessage) {
        let offered = self.state.offeredButtons
        self.state.offeredButtons = []
        if message.button == nil, let typed = message.text?.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)),
            let number = Int(typed), offered.indices.contains(number - 1)
        {
            var tapped = message
            tapped.button = offered[number - 1].id
            tapped.text = offered[number - 1].title
            return self.handle(tapped)
        }
        if message.attachments.contains(where: \.isAndroidPackage) {
            self.say(.apkWarning, ["next": self.nextStepHint()], buttons: self.currentButtons())
            return
        }
        let text = String((message.text ?? "").prefix(self.configuration.general.maxMessageLength))
        if self.understanding.sharesSecret(text) {
            self.say(.otpWarning, ["next": self.nextStepHint()], buttons: self.currentButtons())
            return
        }
        if let attachment = message.attachments.first {
            self.handle(attachment, caption: text)
            return
        }
        if let button = message.button {
            self.handleButton(button, text: text)
            return
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            self.say(.emptyMessage, ["next": self.nextStepHint()], buttons: self.currentButtons())
            return
        }
        if self.switchLanguageIfAsked(trimmed) { return }
        guard trimmed.contains(where: { $0.isLetter || $0.isNumber }) else {
            if trimmed.contains("?") && self.state.phase == .idle {
                self.greet()  // A lone "?" asks what Loket can do.
            } else {
                self.say(.onlyEmoji, ["next": self.nextStepHint()], buttons: self.currentButtons())
            }
            return
        }
        self.handleText(trimmed)
    }

    /// Switches language on request ("in English please") or when a message is plainly in the other language.
    /// Returns true when the request itself is the whole message and has been answered.
    private mutating func switchLanguageIfAsked(_ text: String) -> Bool {
        guard let language = self.understanding.language(of: text), language != self.state.language else { return false }
        self.state.language = language
        let lower = text.lowercased()
        let explicit = lower.contains("english") || lower.contains("inggris") || lower.contains("bahasa indonesia")
        guard explicit, text.split(separator: " ").count <= 5 else { return false }
        self.say(.languageChanged, ["next": self.nextStepHint()], buttons: self.currentButtons())
        return true
    }

    private mutating func handleText(_ text: String) {
        let lower = text.lowercased().trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
        if self.understanding.isCancel(text) {
            self.cancelCurrent()
            return
        }
        if Self.menuPhrases.contains(lower) {
            self.showMenu()
            return
        }
        switch self.state.phase {
        case .idle:
            self.handleIdle(text)
        case .serving(let session):
            self.handleAnswer(text, in: session)
        case .confirmingSwitch(let session, let target):
            if self.understanding.choosesToStay(text) {
                self.resume(session)
            } else if self.understanding.answer(text) == .yes || text.lowercased().contains("beralih") {
                self.start(target)
            } else {
                self.enter(.serving(session))
                self.handleAnswer(text, in: session)
            }
        case .offering(let intent, let prefill):
            switch self.understanding.answer(text) {
            case .yes: self.start(intent, prefill: prefill)
            case .no:
                self.enter(.idle)
                self.say(.offerDeclined)
            case nil:
                self.enter(.idle)
                self.handleIdle(text)
            }
        case .clarifying(let options):
            if let number = Int(lower), options.indices.contains(number - 1) {
                self.start(options[number - 1])
            } else if let nik = self.understanding.extractor.extract(text).nik, let first = options.first {
                // A NIK instead of a choice: the citizen went ahead; keep the NIK for the likelier service.
                self.state.rememberedNIK = nik.digits
                self.enter(.idle)
                self.start(first)
            } else {
                self.enter(.idle)
                self.handleIdle(text)
            }
        }
    }

    /// A tapped button: its id says what was chosen.
    private mutating func handleButton(_ id: String, text: String) {
        if id.hasPrefix("service:"), let intent = Intent(rawValue: String(id.dropFirst("service:".count))) {
            if intent == .register, case .serving(let session) = self.state.phase,
                let nik = session.answers[Self.unregisteredNIK]
            {
                self.start(.register, prefill: ["nik": nik])
            } else if case .serving(let session) = self.state.phase, session.service != intent {
                self.askToSwitch(from: session, to: intent)
            } else {
                self.start(intent, prefill: self.prefillOffered(for: intent))
            }
            return
        }
        if id.hasPrefix("option:"), case .serving(let session) = self.state.phase, self.field(of: session) != nil {
            // A choice tapped: its id is the answer, whatever its title says in this language.
            self.handleText(String(id.dropFirst("option:".count)))
            return
        }
        switch id {
        case "cancel": self.cancelCurrent()
        case "menu": self.showMenu()
        case "officer": self.start(.talkToOfficer)
        case "yes", "no", "retry", "other":
            guard self.state.phase != .idle else {
                self.say(.staleButton)
                return
            }
            let word = ["yes": "ya", "no": "tidak", "retry": "coba lagi", "other": "nomor lain"][id]!
            self.handleText(word)
        default:
            // A button from an older message, or one we do not know: read its title as text.
            self.handleText(text.isEmpty ? id : text)
        }
    }

    private func prefillOffered(for intent: Intent) -> [String: String] {
        if case .offering(intent, let prefill) = self.state.phase { return prefill }
        return [:]
    }

    /// Photos, documents, stickers, voice notes, locations.
    private mutating func handle(_ attachment: Attachment, caption: String) {
        switch attachment.kind {
        case .sticker:
            self.say(.sticker, ["next": self.nextStepHint()], buttons: self.currentButtons())
        case .audio:
            self.say(.voiceNote, ["next": self.nextStepHint()], buttons: self.currentButtons())
        case .video, .location, .contacts, .unsupported:
            self.say(.unsupportedMedia, ["next": self.nextStepHint()], buttons: self.currentButtons())
        case .image, .document:
            switch self.state.phase {
            case .serving(let session), .confirmingSwitch(let session, _):
                // A photo answers the step in hand, also while a change of topic is being asked about.
                self.enter(.serving(session))
                self.documentReceived(attachment, in: session)
            case .idle, .offering, .clarifying:
                self.say(.photoWithoutRequest)
            }
        }
    }

    // MARK: - Idle

    private mutating func handleIdle(_ text: String) {
        if let until = self.state.identityLockedUntil, until > self.now, text.filter(\.isNumber).count >= 6 {
            // An identity answer after the lock: say the lock again rather than guess at the number.
            self.say(.identityLocked, ["until": self.format.moment(until)])
            return
        }
        if let number = Int(text.trimmingCharacters(in: .punctuationCharacters)),
            self.configuration.general.menu.indices.contains(number - 1)
        {
            self.start(self.configuration.general.menu[number - 1])
            return
        }
        let prediction = self.understanding.classifier.classify(text)
        if !prediction.intent.isService, let entry = self.understanding.faqEntry(text) {
            self.say(text: entry.answer.text(self.state.language) + "\n\n" + self.text(.menuHint))
            return
        }
        if prediction.confidence < 0.8, self.understanding.postpones(text) {
            self.say(.offerDeclined)
            return
        }
        if prediction.intent == .outOfScope, !self.state.cases.isEmpty, Self.asksAboutARequest(text) {
            self.answerInformation(self.configuration.service(.caseStatus)!)
            return
        }
        switch prediction.intent {
        case .greeting: self.greet()
        case .thanks: self.say(.thanks)
        case .cancel: self.say(.nothingToCancel)
        case .menu: self.showMenu()
        case .outOfScope: self.answerOutOfScope(text, prediction: prediction)
        default:
            let services = prediction.alternatives.filter { $0.intent.isService }
            let requests = self.understanding.requests(text)
            if requests.count >= 2, requests.contains(where: { $0.intent == prediction.intent }) {
                self.state.laterRequest = requests[1].intent
                self.start(requests[0].intent)
            } else if let second = services.first, prediction.confidence < 0.5,
                prediction.confidence - second.confidence < 0.15 || prediction.confidence < 0.35,
                // Activation and reactivation need no choice: the membership status decides between them.
                Set([prediction.intent, second.intent]) != [.activate, .reactivate]
            {
                self.clarify([prediction.intent, second.intent])
            } else {
                self.start(prediction.intent)
            }
        }
    }

    /// Offers the second request of an earlier message once nothing else is under way; not one just served.
    mutating func offerLaterRequest(after served: Intent? = nil) {
        guard self.state.phase == .idle, let later = self.state.laterRequest else { return }
        self.state.laterRequest = nil
        let same: Set<Intent> = [.activate, .reactivate]
        guard later != served, !(same.contains(later) && served.map(same.contains) == true) else { return }
        self.enter(.offering(later, prefill: [:]))
        self.say(
            .offerLaterRequest, ["service": self.title(of: later)],
            buttons: [self.button("yes", .buttonYesContinue), self.button("no", .buttonLater)])
    }

    private static let requestWords = ["tiket", "permohonan", "pengajuan", "ditolak", "tolak", "disetujui", "diproses"]

    /// "kenapa ditolak min?": a question about a request this citizen made.
    private static func asksAboutARequest(_ text: String) -> Bool {
        let lower = text.lowercased()
        return self.requestWords.contains(where: lower.contains)
    }

    private static let socialSecurityWords = ["ketenagakerjaan", "jht", "jmo", "jkk", "jkm", "jkp", "bsu", "jaminan hari tua", "pensiun", "bpjstk", "bpjs tk"]
    private static let medicalWords = ["obat", "dosis", "sakit", "demam", "batuk", "pusing", "diare", "gejala", "nyeri", "mual", "dokter bilang", "diagnosa"]

    private mutating func answerOutOfScope(_ text: String, prediction: IntentPrediction) {
        let lower = text.lowercased()
        if Self.socialSecurityWords.contains(where: lower.contains) {
            self.say(.outOfScopeEmployment)
        } else if Self.medicalWords.contains(where: lower.contains) {
            self.say(.outOfScopeMedical)
        } else if lower.contains("prakerja") || lower.contains("bansos") || lower.contains("pkh") {
            self.say(.outOfScopeSocialAid)
        } else {
            let close = prediction.alternatives.filter { $0.intent.isService && $0.confidence >= 0.15 }.prefix(2)
            if close.isEmpty {
                self.say(.notUnderstood, ["menu": self.menuText()])
            } else {
                self.enter(.clarifying(close.map(\.intent)))
                self.say(
                    .clarify, ["menu_hint": self.text(.menuHint)],
                    buttons: close.map { Reply.Button(id: "service:\($0.intent.rawValue)", title: self.title(of: $0.intent)) })
            }
        }
    }

    private mutating func clarify(_ options: [Intent]) {
        self.enter(.clarifying(options))
        self.say(
            .clarify, ["menu_hint": self.text(.menuHint)],
            buttons: options.map { Reply.Button(id: "service:\($0.rawValue)", title: self.title(of: $0)) })
    }

    mutating func greet() {
        self.say(.greeting, ["salam": self.salutation(), "menu": self.menuText()])
    }

    mutating func showMenu() {
        self.say(.menu, ["menu": self.menuText()])
    }

    /// `batal`: ends whatever is under way, and withdraws a case waiting for the citizen's documents.
    mutating func cancelCurrent() {
        switch self.state.phase {
        case .idle, .offering, .clarifying:
            self.enter(.idle)
            self.say(.nothingToCancel)
        case .serving(let session), .confirmingSwitch(let session, _):
            self.enter(.idle)
            self.state.laterRequest = nil
            if let caseID = session.caseID, var file = self.state.openCase(caseID), file.state.isOpen {
                file.state = .cancelled
                file.record("cancelled", by: "citizen", at: self.now)
                self.save(file)
                self.say(.caseCancelled, ["ticket": caseID])
            } else {
                self.say(.cancelled, ["service": self.title(of: session.service)])
            }
        }
    }

    mutating func askToSwitch(from session: ServiceSession, to intent: Intent) {
        self.enter(.confirmingSwitch(session, to: intent))
        self.say(
            .confirmSwitch, ["current": self.title(of: session.service), "new": self.title(of: intent)],
            buttons: [self.button("yes", .buttonSwitch), self.button("no", .buttonContinue)])
    }

    mutating func resume(_ session: ServiceSession) {
        self.enter(.serving(session))
        self.say(.resume, ["question": self.prompt(for: session)], buttons: self.buttons(for: session))
    }
}
