import ArgumentParser

extension Loket {
    /// `loket migrate`: brings the database schema up to date.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema.")

        @OptionGroup var options: EngineOptions

        func run() throws {
            let url = Composition.databaseURL(self.options)
            do {
                _ = try Composition.store(url: url)
            } catch {
                Console.fail("\(error)")
            }
            print("Database \(url) is up to date.")
        }
    }
}
