import ArgumentParser
import Foundation
import LoketCore
import LoketDesk
import LoketStore

extension Loket.Officer {
    /// `loket officer users …`: console users and their roles.
    struct Users: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add console users and list them.", subcommands: [Add.self, List.self])
    }
}

extension Loket.Officer.Users {
    /// Adds a user, or sets a user's role and password; the password is read from standard input.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a console user (the password is read from standard input).")

        @OptionGroup var options: EngineOptions

        @Argument(help: "The sign-in name.")
        var name: String

        @Option(help: "officer, supervisor or admin.")
        var role: LoketStore.Officer.Role

        @Option(help: "The branch (kantor cabang) whose queue the user works.")
        var branch: String?

        func run() async throws {
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                Console.fail("type the password on standard input, e.g. `printf '%s\\n' \"$PASSWORD\" | loket officer users add …`")
            }
            let (name, role, branch, options) = (self.name, self.role, self.branch, self.options)
            do {
                try await Composition.withStore(url: Composition.databaseURL(self.options)) { store in
                    _ = try await Composition.officers(on: store, options).saveUser(name: name, role: role, password: password, branch: branch, at: Date())
                }
            } catch let error as OfficerError {
                Console.fail(error.description)
            }
            print("\(name) can sign in as \(role.rawValue).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List console users and their roles.")

        @OptionGroup var options: EngineOptions

        func run() async throws {
            let officers = try await Composition.withStore(url: Composition.databaseURL(self.options)) { try await $0.officers() }
            if officers.isEmpty { print("No console users yet; add the first admin with `loket officer users add NAME --role admin`.") }
            for officer in officers {
                let locked = officer.lockedUntil.map { $0 > Date() ? "  locked until \(ISO8601DateFormatter().string(from: $0))" : "" } ?? ""
                print("\(officer.name)  \(officer.role.rawValue)\(officer.branch.map { "  branch \($0)" } ?? "")\(locked)")
            }
        }
    }
}

extension LoketStore.Officer.Role: ExpressibleByArgument {}
