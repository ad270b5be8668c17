import ArgumentParser
import Foundation
import LoketStore

extension Loket {
    /// `loket audit verify`: recomputes the audit log's hash chain.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit log's hash chain.",
            subcommands: [Verify.self]
        )

        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Recompute every entry's hash; name the first entry that was changed, removed or inserted (exit status 1).")

            @OptionGroup var options: EngineOptions

            func run() async throws {
                let verification: AuditVerification
                do {
                    verification = try await Composition.withStore(url: Composition.databaseURL(self.options)) { store in
                        try await AuditChain.verify(store)
                    }
                } catch {
                    Console.fail("\(error)")
                }
                if let broken = verification.firstBroken {
                    Console.error("loket: the audit log was altered at entry \(broken): its hash does not follow from the \(verification.entries) entries before it.")
                    throw ExitCode.failure
                }
                print("The audit log is intact: \(verification.entries) entries, each chained to the one before.")
            }
        }
    }
}
