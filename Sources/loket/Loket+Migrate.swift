import ArgumentParser
import LoketCore
import LoketPostgres
import LoketSQLite
import LoketStore

extension Loket {
    /// `loket migrate`: brings the database schema up to date.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema.")

        @OptionGroup var options: EngineOptions

        func run() async throws {
            let url = Composition.databaseURL(self.options)
            do {
                let applied = try await Composition.withStore(url: url) { store -> [String] in
                    switch store {
                    case let sqlite as SQLiteStore: try await sqlite.appliedMigrations()
                    case let postgres as PostgresStore: try await postgres.appliedMigrations()
                    default: []
                    }
                }
                print("Database \(Masking.maskURL(url)) is up to date; migrations applied:")
                for name in applied { print("  \(name)") }
            } catch {
                Console.fail("\(error)")
            }
        }
    }
}
