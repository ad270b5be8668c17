import ArgumentParser
import Foundation
import LoketCore
import LoketDesk
import LoketStore

extension Loket {
    /// `loket officer …`: the console in a terminal.
    struct Officer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work the officer queue in the terminal, and manage console users.",
            subcommands: [
                Queue.self, Show.self, Claim.self, Release.self, Approve.self, Reject.self, Close.self, Ask.self, Reply.self, Assign.self,
                Users.self,
            ]
        )
    }
}

/// Who acts in the terminal: an officer of the console, named with `--as`.
struct ActingOfficer: ParsableArguments {
    @Option(name: .customLong("as"), help: "The officer acting (a console user).")
    var name: String

    func officer(in store: any Store) async throws -> LoketStore.Officer {
        guard let officer = try await store.officer(name: self.name) else { Console.fail("no console user \(self.name); add one with `loket officer users add`") }
        guard officer.role.worksCases else { Console.fail("\(self.name) is an \(officer.role.rawValue) and does not work on cases") }
        return officer
    }
}

extension Loket.Officer {
    /// The queue in SLA order.
    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the cases waiting for an officer, earliest due first.")

        @OptionGroup var options: EngineOptions

        @Option(help: "Only this service (an intent id such as reactivate).")
        var service: String?

        @Option(help: "Only this case state (queued, claimed, needs_info …).")
        var state: String?

        @Option(help: "Only cases claimed by this officer.")
        var claimedBy: String?

        @Option(help: "Only cases of this branch office (an id of config/branches.yaml).")
        var branch: String?

        @Option(help: "How many cases to list.")
        var limit = 50

        func run() async throws {
            var filter = QueueFilter(claimedBy: self.claimedBy, branch: self.branch)
            if let service = self.service {
                guard let intent = Intent(rawValue: service) else { Console.fail("unknown service \(service)") }
                filter.service = intent
            }
            if let state = self.state {
                guard let value = CaseState(rawValue: state) else { Console.fail("unknown state \(state)") }
                filter.state = value
            }
            let (limit, now, query) = (self.limit, Date(), filter)
            let (cases, counts) = try await Composition.withStore(url: Composition.databaseURL(self.options)) { store in
                (try await store.queue(query, limit: limit, offset: 0), try await store.queueCounts(query, at: now))
            }
            print("\(counts.total) cases, \(counts.overdue) overdue")
            for file in cases {
                let due = file.dueAt.map { ISO8601DateFormatter().string(from: $0) } ?? "-"
                let late = (file.dueAt.map { $0 < now } ?? false) ? "  OVERDUE" : ""
                print("\(file.id)  \(file.service.rawValue)  \(file.state.rawValue)  due \(due)  \(Masking.maskPhone(file.citizen))\(file.claimedBy.map { "  claimed by \($0)" } ?? "")\(late)")
            }
        }
    }

    /// One case, as the console's case page shows it.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a case: data beside the directory, documents, history.")

        @OptionGroup var options: EngineOptions
        @OptionGroup var acting: ActingOfficer

        @Argument(help: "The case's ticket, e.g. PDW-20260302-0001.")
        var id: String

        func run() async throws {
            let (id, acting, options) = (self.id, self.acting, self.options)
            let found = try await Composition.withStore(url: Composition.databaseURL(self.options)) { store in
                try await Composition.officers(on: store, options).view(caseID: id, by: try await acting.officer(in: store), at: Date())
            }
            guard let found else { Console.fail("no case \(id)") }
            let file = found.file
            print("\(file.id)  \(file.service.rawValue)  \(file.state.rawValue)\(file.claimedBy.map { "  claimed by \($0)" } ?? "")")
            print("citizen \(file.citizen)  NIK \(file.nik ?? "-")  name \(file.name ?? "-")")
            for (key, value) in file.answers.sorted(by: { $0.key < $1.key }) { print("  \(key): \(value)") }
            if let person = found.directory?.participant {
                print("directory: \(person.name), born \(person.birthDate.iso), \(person.status.rawValue), class \(person.careClass), card \(person.card)")
            } else {
                print("directory: no record for this NIK")
            }
            for (key, document) in file.documents.sorted(by: { $0.key < $1.key }) {
                print("  document \(key): \(document.problem.map { "not kept (\($0.rawValue))" } ?? document.reference ?? "-")")
            }
            for event in file.history { print("  \(ISO8601DateFormatter().string(from: event.at))  \(event.actor)  \(event.action)  \(event.detail ?? "")") }
        }
    }

}

/// A decision taken in the terminal: the same rules, audit and message to the citizen as in the console.
protocol DecisionCommand: AsyncParsableCommand {
    var options: EngineOptions { get }
    var acting: ActingOfficer { get }
    var id: String { get }
    var decision: OfficerDecision { get }
}

extension DecisionCommand {
    func run() async throws {
        let (id, acting, decision, options) = (self.id, self.acting, self.decision, self.options)
        let outcome = try await Composition.withStore(url: Composition.databaseURL(self.options)) { store in
            try await Composition.officers(on: store, options).decide(caseID: id, decision, by: try await acting.officer(in: store), at: Date())
        }
        if let refusal = outcome.refusal { Console.fail(refusal) }
        print("\(id): \(decision.auditAction) done; \(outcome.replies.count) message(s) to the citizen queued.")
    }
}

extension Loket.Officer {
    struct Claim: DecisionCommand {
        static let configuration = CommandConfiguration(abstract: "Claim a case: nobody else decides it until you release it.")
        @OptionGroup var options: EngineOptions
        @OptionGroup var acting: ActingOfficer
        @Argument(help: "The case's ticket.") var id: String
        var decision: OfficerDecision { .claim }
    }

    struct Release: DecisionCommand {
        static let configuration = CommandConfiguration(abstract: "Put a claimed case back in the queue.")
        @OptionGroup var options: EngineOptions
        @OptionGroup var acting: ActingOfficer
        @Argument(help: "The case's ticket.") var id: String
        var decision: OfficerDecision { .release }
    }

    struct Approve: DecisionCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a case; the citizen is told, with the bill when one is due.")
        @OptionGroup var options: EngineOptions
        @OptionGroup var acting: ActingOfficer
        @Argument(help: "The case's ticket.") var id: String
        var decision: OfficerDecision { .approve }
    }

    struct Reject: DecisionCommand {
        static let configuration = CommandConfiguration(abstract: "Return a case to the citizen with what to fix (a reason of config/reasons.yaml).")
        @OptionGroup var options: EngineOptions
        @OptionGroup var acting: ActingOfficer
        @Argument(help: "The case's ticket.") var id: String
        @Argument(help: "The reason's id, e.g. blurry.") var reason: String
        @Argument(help: "The document to send again, e.g. ktp.") var document: String?
        var decision: OfficerDecision { .reject(reason: self.reason, document: self.document) }
    }

    struct Close: DecisionCommand {
        static let configuration = CommandConfiguration(abstract: "Close a case as not eligible (a reason of config/reasons.yaml).")
        @OptionGroup var options: EngineOptions
        @OptionGroup var acting: ActingOfficer
        @Argument(help: "The case's ticket.") var id: String
        @Argument(help: "The reason's id.") var reason: String
        var decision: OfficerDecision { .close(reason: self.reason) }
    }

    struct Ask: DecisionCommand {
        static let configuration = CommandConfiguration(abstract: "Ask the citizen for one more document (an id of config/documents.yaml).")
        @OptionGroup var options: EngineOptions
        @OptionGroup var acting: ActingOfficer
        @Argument(help: "The case's ticket.") var id: String
        @Argument(help: "The document's id, e.g. kk.") var document: String
        var decision: OfficerDecision { .ask(document: self.document) }
    }

    struct Reply: DecisionCommand {
        static let configuration = CommandConfiguration(abstract: "Send the citizen a message about the case.")
        @OptionGroup var options: EngineOptions
        @OptionGroup var acting: ActingOfficer
        @Argument(help: "The case's ticket.") var id: String
        @Argument(help: "The message.") var words: [String]
        var decision: OfficerDecision { .reply(self.words.joined(separator: " ")) }
    }

    struct Assign: DecisionCommand {
        static let configuration = CommandConfiguration(abstract: "Give a waiting or claimed case to an officer (supervisors only).")
        @OptionGroup var options: EngineOptions
        @OptionGroup var acting: ActingOfficer
        @Argument(help: "The case's ticket.") var id: String
        @Argument(help: "The officer who takes the case.") var officer: String
        var decision: OfficerDecision { .assign(to: self.officer) }
    }
}
