import ArgumentParser
import Foundation
import LoketCore
import LoketDesk
import LoketStore

extension Loket {
    /// `loket citizen export | erase NIK --as ADMIN`: a citizen's request for their data, or for its erasure.
    struct Citizen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export or erase what Loket keeps about a citizen (admins only; audited).",
            subcommands: [Export.self, Erase.self]
        )

        struct Export: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write everything about a NIK as JSON to standard output: the directory record, conversations, messages, replies, cases and their audit entries.")

            @OptionGroup var options: EngineOptions
            @Argument(help: "The citizen's NIK.") var nik: String
            @Option(name: .customLong("as"), help: "The admin acting (a console user).") var admin: String

            func run() async throws {
                let nik = try Citizen.validNIK(self.nik)
                do {
                    let vault = try Composition.vault()
                    let export = try await Composition.withStore(url: Composition.databaseURL(self.options)) { store in
                        try await CitizenRecords(store: store, vault: vault).export(nik: nik, by: try await Citizen.admin(self.admin, in: store), at: Date())
                    }
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    encoder.dateEncodingStrategy = .iso8601
                    FileHandle.standardOutput.write(try encoder.encode(export) + Data("\n".utf8))
                } catch {
                    Console.fail("\(error)")
                }
            }
        }

        struct Erase: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Remove the chat copies about a NIK: messages, replies, conversation state, case data and documents. The directory record and the audit log stay.")

            @OptionGroup var options: EngineOptions
            @Argument(help: "The citizen's NIK.") var nik: String
            @Option(name: .customLong("as"), help: "The admin acting (a console user).") var admin: String

            func run() async throws {
                let nik = try Citizen.validNIK(self.nik)
                do {
                    let vault = try Composition.vault()
                    let erased = try await Composition.withStore(url: Composition.databaseURL(self.options)) { store in
                        try await CitizenRecords(store: store, vault: vault).erase(nik: nik, by: try await Citizen.admin(self.admin, in: store), at: Date())
                    }
                    print("Erased \(erased.conversations) conversations and \(erased.documents) documents about NIK \(NIK(nik)?.masked ?? nik).")
                } catch {
                    Console.fail("\(error)")
                }
            }
        }

        static func validNIK(_ text: String) throws -> String {
            guard let nik = NIK(text) else { throw ValidationError("\(text.count) characters is not a NIK: 16 digits") }
            return nik.digits
        }

        static func admin(_ name: String, in store: any Store) async throws -> LoketStore.Officer {
            guard let officer = try await store.officer(name: name) else { throw CommandError("no console user \(name); add one with `loket officer users add`") }
            return officer
        }
    }
}
