import ArgumentParser
import Foundation
import LoketDesk

extension Loket {
    /// `loket vault rotate`: seals the stored documents under a new key.
    struct Vault: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the encrypted document vault (data/vault/).",
            subcommands: [Rotate.self]
        )

        struct Rotate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Re-encrypt every document under LOKET_DOCUMENT_KEY (the new key); LOKET_DOCUMENT_KEY_PREVIOUS names the old one.",
                discussion: """
                    Documents already under the new key are skipped, so the command can be interrupted and run again. \
                    Instances started with both variables read documents under either key while it runs.
                    """)

            func run() async throws {
                let environment = ProcessInfo.processInfo.environment
                guard environment["LOKET_DOCUMENT_KEY"] != nil, environment["LOKET_DOCUMENT_KEY_PREVIOUS"] != nil else {
                    Console.fail("set LOKET_DOCUMENT_KEY to the new key and LOKET_DOCUMENT_KEY_PREVIOUS to the old one (32 bytes, base64)")
                }
                let rotation: VaultRotation
                do {
                    rotation = try Composition.vault().rotate()
                } catch {
                    Console.fail("\(error)")
                }
                print("Rotated \(rotation.rotated) documents; \(rotation.alreadyCurrent) were already under the new key; \(rotation.failed.count) failed.")
                if !rotation.failed.isEmpty {
                    Console.error("loket: no key opens: " + rotation.failed.joined(separator: ", "))
                    throw ExitCode.failure
                }
            }
        }
    }
}
