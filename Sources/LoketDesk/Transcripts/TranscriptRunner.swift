import Foundation
import LoketCore
import LoketStore

/// Plays transcripts through the real engine and a real store, and reports where the bot said something else.
package struct TranscriptRunner: Sendable {
    /// The citizen of `user:` lines.
    package static let defaultCitizen = "+6285712345678"
    /// Monday 2 March 2026, 09.00 WIB: inside office hours.
    package static let defaultClock = TranscriptParser.date("2026-03-02T09:00:00+07:00")!

    package let environment: MachineEnvironment
    /// Makes a fresh, empty store for one transcript.
    package let makeStore: @Sendable () async throws -> any Store

    package init(environment: MachineEnvironment, makeStore: @escaping @Sendable () async throws -> any Store) {
        self.environment = environment
        self.makeStore = makeStore
    }

    /// Where a transcript and the bot parted ways.
    package struct Failure: Error, Equatable, CustomStringConvertible {
        package var path: String
        package var line: Int
        package var expected: String
        package var actual: String

        package var description: String {
            "\(self.path):\(self.line): \(self.expected)\n" + self.actual.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "    | " + $0 }.joined(separator: "\n")
        }
    }

    /// Runs one transcript; nil when every line held.
    package func run(_ transcript: Transcript) async -> Failure? {
        do {
            var session = try await Session(transcript: transcript, runner: self)
            try await session.play()
            return nil
        } catch let failure as Failure {
            return failure
        } catch {
            return Failure(path: transcript.path, line: 0, expected: "the transcript to run", actual: "\(error)")
        }
    }

    /// One transcript being played.
    private struct Session {
        let transcript: Transcript
        let desk: Desk
        /// The directory, which `directory: down` makes fail.
        let directory: SwitchableDirectory
        var now = TranscriptRunner.defaultClock
        /// Replies sent and not yet matched by a `bot:` line.
        var unmatched: [(reply: Reply, line: Int)] = []
        var lastMessage: InboundMessage?
        var lastCitizen = TranscriptRunner.defaultCitizen
        var messageCount = 0

        init(transcript: Transcript, runner: TranscriptRunner) async throws {
            self.transcript = transcript
            let store = try await runner.makeStore()
            self.directory = SwitchableDirectory(store: store)
            self.desk = Desk(store: store, environment: runner.environment, directory: self.directory)
            try await self.desk.seedDirectory()
        }

        private func failure(_ line: Int, _ expected: String, _ actual: String) -> Failure {
            Failure(path: self.transcript.path, line: line, expected: expected, actual: actual)
        }

        mutating func play() async throws {
            for step in self.transcript.steps {
                if case .bot = step.action {} else if !self.transcript.loose, let pending = self.unmatched.first {
                    throw self.failure(step.line, "a bot: line for every reply before this line; unmatched reply:", pending.reply.plainText)
                }
                try await self.perform(step)
            }
            if !self.transcript.loose, let pending = self.unmatched.first {
                throw self.failure(pending.line, "a bot: line for this reply at the end of the transcript:", pending.reply.plainText)
            }
        }

        private mutating func perform(_ step: Transcript.Step) async throws {
            switch step.action {
            case .user(let from, let text, let attachment, let button):
                self.messageCount += 1
                let citizen = from ?? TranscriptRunner.defaultCitizen
                self.lastCitizen = citizen
                let message = InboundMessage(
                    id: "transcript-\(self.messageCount)", from: citizen, text: text,
                    attachments: attachment.map { [$0] } ?? [], button: button)
                self.lastMessage = message
                self.collect(try await self.desk.receive(message, at: self.now), line: step.line)
            case .redeliver:
                guard let message = self.lastMessage else {
                    throw self.failure(step.line, "a citizen message before redeliver:", "none")
                }
                let outcome = try await self.desk.receive(message, at: self.now)
                guard outcome.duplicate, outcome.replies.isEmpty else {
                    throw self.failure(step.line, "the redelivered message to be ignored; the bot answered:", outcome.replies.map(\.reply.text).joined(separator: "\n"))
                }
            case .bot(let expectation):
                try self.match(expectation, line: step.line)
            case .officer(let decision):
                guard let file = try await self.latestCase(openOnly: true) else {
                    throw self.failure(step.line, "an open case for the officer to act on:", "none")
                }
                let outcome = try await self.desk.decide(caseID: file.id, decision, officer: "petugas", at: self.now)
                if let refusal = outcome.refusal { throw self.failure(step.line, "the officer's action to apply:", refusal) }
                self.collect(outcome, line: step.line)
            case .payment(let virtualAccount, let amount):
                let payment = Payment(virtualAccount: virtualAccount, amount: amount, reference: "transcript-pay-\(step.line)")
                let outcome = try await self.desk.pay(payment, at: self.now)
                if let refusal = outcome.refusal { throw self.failure(step.line, "the payment to apply:", refusal) }
                self.collect(outcome, line: step.line)
            case .directory(let available):
                // A core system that is down is expected back in ten minutes.
                await self.directory.set(downUntil: available ? nil : self.now.addingTimeInterval(600))
            case .clockSet(let date):
                self.now = date
                try await self.fireTimers(line: step.line)
            case .clockAdvance(let seconds):
                self.now = self.now.addingTimeInterval(seconds)
                try await self.fireTimers(line: step.line)
            case .givenParticipant(let participant):
                try await self.desk.store.saveParticipant(participant)
            case .givenCase(var file):
                if file.citizen.isEmpty { file.citizen = TranscriptRunner.defaultCitizen }
                file.openedAt = self.now
                try await self.desk.store.importCase(file)
            case .expectCase(let state, let service):
                let file = try await self.latestCase(openOnly: false)
                guard let file, file.state == state, service == nil || file.service == service else {
                    let actual = file.map { "\($0.state.rawValue) \($0.service.rawValue) (\($0.id))" } ?? "no case"
                    throw self.failure(step.line, "case: \(state.rawValue)\(service.map { " " + $0.rawValue } ?? "")", actual)
                }
            case .expectParticipant(let nik, let fields):
                guard let person = try await self.desk.store.directoryRecord(nik: nik)?.participant else {
                    throw self.failure(step.line, "participant \(nik) in the directory:", "not found")
                }
                let actual = Self.fields(of: person)
                for (key, value) in fields.sorted(by: { $0.key < $1.key }) where actual[key] != value {
                    throw self.failure(step.line, "participant \(nik) \(key)=\(value)", "\(key)=\(actual[key] ?? "(none)")")
                }
            }
        }

        private mutating func collect(_ outcome: Desk.Outcome, line: Int) {
            self.unmatched.append(contentsOf: outcome.replies.map { ($0.reply, line) })
        }

        private mutating func fireTimers(line: Int) async throws {
            for outcome in try await self.desk.fireDueTimers(at: self.now) { self.collect(outcome, line: line) }
        }

        private mutating func match(_ expectation: Transcript.ReplyExpectation, line: Int) throws {
            if self.transcript.loose {
                while let next = self.unmatched.first {
                    self.unmatched.removeFirst()
                    if expectation.matches(next.reply) { return }
                }
                throw self.failure(line, "bot: \(expectation.description)", "(no matching reply)")
            }
            guard let next = self.unmatched.first else {
                throw self.failure(line, "bot: \(expectation.description)", "(the bot sent nothing more)")
            }
            guard expectation.matches(next.reply) else {
                let buttons = next.reply.buttons.isEmpty ? "" : "\n[buttons: \(next.reply.buttons.map(\.title).joined(separator: " | "))]"
                let template = next.reply.template.map { "\n[template: \($0)]" } ?? ""
                throw self.failure(line, "bot: \(expectation.description)", next.reply.text + buttons + template)
            }
            self.unmatched.removeFirst()
        }

        private func latestCase(openOnly: Bool) async throws -> CaseFile? {
            try await self.desk.store.conversation(address: self.lastCitizen)?.cases.last { !openOnly || $0.state.isOpen }
        }

        private static func fields(of person: Participant) -> [String: String] {
            [
                "nik": person.nik, "name": person.name, "birth_date": person.birthDate.iso, "status": person.status.rawValue,
                "reason": person.reason?.rawValue ?? "", "segment": person.segment.rawValue, "class": String(person.careClass),
                "arrears_months": String(person.arrearsMonths), "phone": person.phone ?? "", "email": person.email ?? "",
                "card": person.card, "kk": person.kk, "faskes": person.faskes,
                "faskes_since": person.faskesSince?.iso ?? "", "class_since": person.classSince?.iso ?? "",
            ]
        }
    }
}

/// The store's directory, made unavailable by a transcript's `directory: down` until `directory: up`.
actor SwitchableDirectory: ParticipantDirectory {
    private let embedded: StoreDirectory
    private var downUntil: Date?

    init(store: any Store) {
        self.embedded = StoreDirectory(store: store)
    }

    func set(downUntil moment: Date?) {
        self.downUntil = moment
    }

    func record(nik: String) async throws -> DirectoryRecord? {
        if let until = self.downUntil { throw DirectoryUnavailable(retryAfter: until, "the transcript took the directory down") }
        return try await self.embedded.record(nik: nik)
    }
}
