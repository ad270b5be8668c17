import ArgumentParser
import Foundation
import LoketCore
import LoketDesk
import LoketStore

extension Loket {
    /// `loket chat`: talk to the bot in the terminal as a citizen, and play the officer, the bank and the clock.
    struct Chat: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Talk to the bot in the terminal as a citizen.",
            discussion: """
                Type messages as a citizen would. Commands play the other actors:
                  /officer approve | reject REASON [DOC] | ask DOC | close REASON | claim | reply TEXT
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

        func run() throws {
            guard let sender = PhoneNumber.parse(self.from) else { Console.fail("--from must be an Indonesian mobile number") }
            let configuration = Composition.configuration(self.options)
            let desk: Desk
            do {
                desk = Desk(store: try Composition.store(url: Composition.databaseURL(self.options)), environment: MachineEnvironment(configuration: configuration))
                try desk.seedDirectory(configuration.directory)
            } catch {
                Console.fail("\(error)")
            }
            var session = ChatSession(desk: desk, sender: sender)
            print("Loket chat: you are \(Masking.maskPhone(sender)). Type a message, or /help.")
            while let line = readLine() {
                do {
                    guard try session.handle(line) else { break }
                } catch {
                    Console.error("loket: \(error)")
                }
            }
        }
    }
}

/// One terminal chat: a citizen's messages, the other actors' commands, and the bot's replies printed.
struct ChatSession {
    let desk: Desk
    let sender: String
    /// How far `/clock` moved time ahead of the real clock.
    var offset: TimeInterval = 0

    var now: Date { Date().addingTimeInterval(self.offset) }

    /// Handles one typed line; false to quit.
    mutating func handle(_ line: String) throws -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        try self.show(self.desk.fireDueTimers(at: self.now))
        guard trimmed.hasPrefix("/") else {
            try self.send(InboundMessage(id: UUID().uuidString, from: self.sender, text: line))
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
            try self.send(self.message(attachment: Attachment(kind: .image, filename: argument ?? "foto.jpg", mimeType: "image/jpeg")))
        case "doc":
            let name = argument ?? "dokumen.pdf"
            let mime = name.lowercased().hasSuffix(".apk") ? "application/vnd.android.package-archive" : "application/pdf"
            try self.send(self.message(attachment: Attachment(kind: .document, filename: name, mimeType: mime)))
        case "sticker":
            try self.send(self.message(attachment: Attachment(kind: .sticker, mimeType: "image/webp")))
        case "voice":
            try self.send(self.message(attachment: Attachment(kind: .audio, mimeType: "audio/ogg")))
        case "button":
            guard let argument else { return self.usage("/button ID") }
            try self.send(InboundMessage(id: UUID().uuidString, from: self.sender, button: argument))
        case "officer":
            guard let decision = argument.flatMap(Self.decision) else {
                return self.usage("/officer approve | reject REASON [DOC] | ask DOC | close REASON | claim | reply TEXT")
            }
            guard let file = try self.latestCase({ $0.state.isOpen }) else { return self.note("No open case to decide.") }
            try self.show([self.desk.decide(caseID: file.id, decision, officer: "petugas", at: self.now)])
        case "pay":
            let parts = (argument ?? "").split(separator: " ").map(String.init)
            guard let amount = parts.first.flatMap({ Int($0) }) else { return self.usage("/pay AMOUNT [VA]") }
            let account = parts.count > 1 ? parts[1] : try self.latestCase({ $0.state == .awaitingPayment })?.virtualAccount
            guard let account else { return self.note("No bill is waiting for payment.") }
            try self.show([self.desk.pay(Payment(virtualAccount: account, amount: amount, reference: UUID().uuidString), at: self.now)])
        case "clock":
            guard let text = argument, text.hasPrefix("+"), let seconds = Self.duration(String(text.dropFirst())) else {
                return self.usage("/clock +2h (s, m, h or d)")
            }
            self.offset += seconds
            self.note("The clock is now \(ISO8601DateFormatter().string(from: self.now)).")
            try self.show(self.desk.fireDueTimers(at: self.now))
        default:
            self.note("Unknown command; type /help.")
        }
        return true
    }

    private func message(attachment: Attachment) -> InboundMessage {
        InboundMessage(id: UUID().uuidString, from: self.sender, attachments: [attachment])
    }

    private func send(_ message: InboundMessage) throws {
        try self.show([self.desk.receive(message, at: self.now)])
    }

    private func show(_ outcomes: [Desk.Outcome]) throws {
        for outcome in outcomes {
            if let refusal = outcome.refusal { self.note("Refused: \(refusal)") }
        }
        try self.desk.deliverPending { entry in
            print("\nLoket: " + entry.reply.plainText.replacingOccurrences(of: "\n", with: "\n       ") + "\n")
        }
    }

    private func latestCase(_ matching: (CaseFile) -> Bool) throws -> CaseFile? {
        try self.desk.store.transaction { try $0.conversation(address: self.sender)?.cases.last(where: matching) }
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

    private static func decision(_ text: String) -> OfficerDecision? {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1] : nil
        switch parts.first {
        case "approve": return .approve
        case "claim": return .claim
        case "release": return .release
        case "reject":
            guard let words = argument?.split(separator: " ").map(String.init), let reason = words.first else { return nil }
            return .reject(reason: reason, document: words.count > 1 ? words[1] : nil)
        case "ask": return argument.map { .ask(document: $0) }
        case "close": return argument.map { .close(reason: $0) }
        case "reply": return argument.map { .reply($0) }
        default: return nil
        }
    }

    private static func duration(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let amount = Double(text.dropLast()) else { return nil }
        return ["s": 1, "m": 60, "h": 3600, "d": 86_400][unit].map { amount * Double($0) }
    }
}
