import ArgumentParser
import Foundation
import LoketCore
import LoketDesk

extension Loket {
    /// `loket retention sweep`: purges the documents of cases closed longer ago than the retention period.
    struct Retention: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Purge documents of closed cases after the retention period (config: document_retention_days).",
            subcommands: [Sweep.self]
        )

        struct Sweep: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Purge now, and audit every purge.")

            @OptionGroup var options: EngineOptions

            func run() async throws {
                let days = Composition.configuration(self.options).general.documentRetentionDays
                do {
                    let vault = try Composition.vault()
                    let purged = try await Composition.withStore(url: Composition.databaseURL(self.options)) { store in
                        try await RetentionSweeper(store: store, vault: vault, retentionDays: days).sweep(at: Date())
                    }
                    print("Purged \(purged) documents of cases closed more than \(days) days ago.")
                } catch {
                    Console.fail("\(error)")
                }
            }
        }
    }
}
