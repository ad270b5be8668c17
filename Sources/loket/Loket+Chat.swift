import ArgumentParser
import Foundation
import LoketCore
import LoketDesk
import LoketStore

extension Loket {
    /// `loket chat`: talk to the bot in the terminal as a citizen, and play the officer, the bank and the clock.
    struct Chat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Talk to the bot in the terminal as a citizen.",
            discussion: """
                Type messages as a citizen would. Commands play the other actors:
                  /officer approve | reject REASON [DOC] | ask DOC | close REASON | claim | reply TEXT
                               | take_over | say TEXT | hand_back (a talk_to_officer case, in office hours)
                  /pay AMOUNT [VA]     a payment into your open virtual account
                  /clock +2h           move the clock forward (timers fire)
                  /photo NAME          send a photo (e.g. /photo ktp.jpg); /doc NAME.pdf sends a file
                  /sticker, /voice, /button ID, /help, /quit
                State is kept in the database across restarts.
                """
        )

        @OptionGroup var options: EngineOptions

        @Option(help: "The citizen's WhatsApp number.")
        var from = TranscriptRunner.defaultCitizen

        func run() async throws {
            guard let sender = PhoneNumber.parse(self.from) else { Console.fail("--from must be an Indonesian mobile number") }
            let environment = MachineEnvironment(configuration: Composition.configuration(self.options))
            do {
                try await Composition.withStore(url: Composition.databaseURL(self.options)) { store in
                    let desk = Desk(store: store, environment: environment)
                    try await desk.seedDirectory()
                    var session = ChatSession(desk: desk, sender: sender)
                    do {
                        session.vault = try Composition.vault()
                    } catch {
                        Console.error("loket: documents are not stored: \(error)")
                    }
                    print("Loket chat: you are \(Masking.maskPhone(sender)). Type a message, or /help.")
                    while let line = readLine() {
                        do {
                            guard try await session.handle(line) else { break }
                        } catch {
                            Console.error("loket: \(error)")
                        }
                    }
                }
            } catch {
                Console.fail("\(error)")
            }
        }
    }
}

/// One terminal chat: a citizen's messages, the other actors' commands, and the bot's replies printed.
struct ChatSession {
    let desk: Desk
    let sender: String
    /// Where photos of real files go; nil when the vault's key is missing or wrong.
    var vault: DocumentVault?
    /// How far `/clock` moved time ahead of the real clock.
    var offset: TimeInterval = 0

    var now: Date { Date().addingTimeInterval(self.offset) }

    /// Handles one typed line; false to quit.
    mutating func handle(_ line: String) async throws -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        try await self.show(self.desk.fireDueTimers(at: self.now))
        guard trimmed.hasPrefix("/") else {
            try await self.send(InboundMessage(id: UUID().uuidString, from: self.sender, text: line))
            return true
        }
        let words = trimmed.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        let argument = words.count > 1 ? words[1] : nil
        switch words.first ?? "" {
        case "quit", "exit":
            return false
        case "help":
            print(Loket.Chat.helpMessage())
        case "photo":
            let name = argument ?? "foto.jpg"
            var photo = Attachment(kind: .image, filename: (name as NSString).lastPathComponent, mimeType: "image/jpeg")
            photo.reference = try await self.storeInVault(path: name, mimeType: "image/jpeg")
            try await self.send(self.message(attachment: photo))
        case "doc":
            let name = argument ?? "dokumen.pdf"
            let mime = name.lowercased().hasSuffix(".apk") ? "application/vnd.android.package-archive" : "application/pdf"
            try await self.send(self.message(attachment: Attachment(kind: .document, filename: name, mimeType: mime)))
        case "sticker":
            try await self.send(self.message(attachment: Attachment(kind: .sticker, mimeType: "image/webp")))
        case "voice":
            try await self.send(self.message(attachment: Attachment(kind: .audio, mimeType: "audio/ogg")))
        case "button":
            guard let argument else { return self.usage("/button ID") }
            try await self.send(InboundMessage(id: UUID().uuidString, from: self.sender, button: argument))
        case "officer":
            guard let decision = argument.flatMap(OfficerDecision.init(command:)) else {
                return self.usage("/officer \(OfficerDecision.commands)")
            }
            guard let file = try await self.latestCase({ $0.state.isOpen }) else { return self.note("No open case to decide.") }
            try await self.show([self.desk.decide(caseID: file.id, decision, officer: "petugas", at: self.now)])
        case "pay":
            let parts = (argument ?? "").split(separator: " ").map(String.init)
            guard let amount = parts.first.flatMap({ Int($0) }) else { return self.usage("/pay AMOUNT [VA]") }
            let account = parts.count > 1 ? parts[1] : try await self.latestCase({ $0.state == .awaitingPayment })?.virtualAccount
            guard let account else { return self.note("No bill is waiting for payment.") }
            try await self.show([self.desk.pay(Payment(virtualAccount: account, amount: amount, reference: UUID().uuidString), at: self.now)])
        case "clock":
            guard let text = argument, text.hasPrefix("+"), let seconds = TranscriptParser.duration(String(text.dropFirst())) else {
                return self.usage("/clock +2h (s, m, h or d)")
            }
            self.offset += seconds
            self.note("The clock is now \(ISO8601DateFormatter().string(from: self.now)).")
            try await self.show(self.desk.fireDueTimers(at: self.now))
        default:
            self.note("Unknown command; type /help.")
        }
        return true
    }

    /// Puts a real file named in `/photo PATH` in the encrypted vault; a bare name sends a photo without bytes.
    private func storeInVault(path: String, mimeType: String) async throws -> String? {
        guard let bytes = FileManager.default.contents(atPath: path), let vault = self.vault else { return nil }
        let id = UUID().uuidString
        try vault.put(bytes, id: id)
        try await self.desk.store.recordDocument(StoredDocument(id: id, citizen: self.sender, mimeType: mimeType, size: bytes.count, storedAt: self.now))
        self.note("\(path) stored encrypted as document \(id)")
        return "vault:" + id
    }

    private func message(attachment: Attachment) -> InboundMessage {
        InboundMessage(id: UUID().uuidString, from: self.sender, attachments: [attachment])
    }

    private func send(_ message: InboundMessage) async throws {
        try await self.show([self.desk.receive(message, at: self.now)])
    }

    /// Prints refusals, then delivers the outbox to the terminal.
    private func show(_ outcomes: [Desk.Outcome]) async throws {
        for outcome in outcomes {
            if let refusal = outcome.refusal { self.note("Refused: \(refusal)") }
        }
        try await OutboxDispatcher(store: self.desk.store, sender: TerminalSender()).deliverDue(at: self.now)
    }

    private func latestCase(_ matching: (CaseFile) -> Bool) async throws -> CaseFile? {
        try await self.desk.store.conversation(address: self.sender)?.cases.last(where: matching)
    }

    @discardableResult
    private func note(_ text: String) -> Bool {
        print("  (\(text))")
        return true
    }

    private func usage(_ text: String) -> Bool {
        self.note("Usage: \(text)")
        return true
    }
}

/// The console transport: replies printed in the terminal, buttons as numbered options.
struct TerminalSender: ReplySender {
    func send(_ entry: OutboxEntry) async throws -> String? {
        print("\nLoket: " + entry.reply.plainText.replacingOccurrences(of: "\n", with: "\n       ") + "\n")
        return nil
    }
}
