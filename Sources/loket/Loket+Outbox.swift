import ArgumentParser
import Foundation
import LoketCore
import LoketStore

extension Loket {
    /// `loket outbox …`: the replies that could not be delivered.
    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "See and retry replies that could not be delivered.",
            subcommands: [Dead.self, Retry.self]
        )
    }
}

extension Loket.Outbox {
    /// Lists dead letters: replies given up on after repeated failures.
    struct Dead: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List replies given up on after repeated failures.")

        @OptionGroup var options: EngineOptions

        func run() async throws {
            let entries = try await Composition.withStore(url: Composition.databaseURL(self.options)) { try await $0.deadLetters(limit: 200) }
            if entries.isEmpty { print("No dead letters.") }
            for entry in entries {
                print("\(entry.id)  to \(Masking.maskPhone(entry.recipient))  after \(entry.attempts) attempts: \(entry.lastError ?? "-")")
            }
        }
    }

    /// Puts a dead letter back in the queue.
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue a dead letter for delivery again.")

        @OptionGroup var options: EngineOptions

        @Argument(help: "The reply's id, as `loket outbox dead` lists it.")
        var id: String

        func run() async throws {
            let id = self.id
            let queued = try await Composition.withStore(url: Composition.databaseURL(self.options)) {
                try await $0.retryDeadLetter(id: id, at: Date())
            }
            guard queued else { Console.fail("no dead letter \(id)") }
            print("Reply \(id) is queued again.")
        }
    }
}
