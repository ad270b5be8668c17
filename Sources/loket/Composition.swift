import Foundation
import LoketCore
import LoketDesk
import LoketSQLite
import LoketStore

/// The composition root: the only place that names concrete stores.
enum Composition {
    /// Loads the configuration or stops the program with the file, line and reason.
    static func configuration(_ options: EngineOptions) -> LoketConfiguration {
        do {
            return try ConfigurationFiles.load(mainFile: options.config)
        } catch {
            Console.fail("invalid configuration: \(error)")
        }
    }

    /// The database URL from `--db`, then `LOKET_DB`, then the default.
    static func databaseURL(_ options: EngineOptions) -> String {
        options.db ?? ProcessInfo.processInfo.environment["LOKET_DB"] ?? "sqlite:data/loket.sqlite"
    }

    /// Opens the store a database URL names.
    static func store(url: String) throws -> any Store {
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw CommandError("the database URL sqlite: needs a path, e.g. sqlite:data/loket.sqlite") }
            do {
                return try SQLiteStore(path: path)
            } catch {
                throw CommandError("cannot open the SQLite database at \(path): \(error)")
            }
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            throw CommandError("PostgreSQL is not supported by this build yet; use sqlite:PATH")
        }
        throw CommandError("unknown database URL '\(url)'; expected sqlite:PATH")
    }
}

/// A problem that ends a command with a message instead of a crash.
struct CommandError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Writing to the terminal.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func fail(_ message: String) -> Never {
        self.error("loket: " + message)
        exit(2)
    }
}
