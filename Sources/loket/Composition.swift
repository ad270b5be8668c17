import Foundation
import LoketCore
import LoketDesk
import LoketPostgres
import LoketSQLite
import LoketStore
import Logging

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

    /// Opens the store a database URL names, brings its schema up to date, runs `body` with it, and closes it.
    ///
    /// A PostgreSQL store's connection pool runs beside `body` and stops when it returns.
    static func withStore<T: Sendable>(url: String, _ body: @Sendable (any Store) async throws -> T) async throws -> T {
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw CommandError("the database URL sqlite: needs a path, e.g. sqlite:data/loket.sqlite") }
            return try await body(try SQLiteStore(path: path))
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            let store = try PostgresStore(url: url, logger: Logger(label: "loket.postgres"))
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await store.run() }
                defer { group.cancelAll() }
                do {
                    try await store.migrate()
                } catch {
                    throw CommandError("cannot reach PostgreSQL at \(Masking.maskURL(url)): \(String(reflecting: error))")
                }
                return try await body(store)
            }
        }
        throw CommandError("unknown database URL '\(url)'; expected sqlite:PATH or postgres://user:password@host:port/database")
    }
}

extension Composition {
    /// The officer operations for a terminal command; documents are viewed in the console, so no vault here.
    static func officers(on store: any Store, _ options: EngineOptions) -> OfficerDesk {
        OfficerDesk(desk: Desk(store: store, environment: MachineEnvironment(configuration: Self.configuration(options))), vault: nil)
    }

    /// The document vault beside the data: `data/vault/`, encrypted under `LOKET_DOCUMENT_KEY`, or under the key
    /// in `data/document.key`, generated there on first run; `LOKET_DOCUMENT_KEY_PREVIOUS` still opens documents
    /// during a key rotation.
    static func vault(folder: URL = URL(fileURLWithPath: "data")) throws -> DocumentVault {
        let environment = ProcessInfo.processInfo.environment
        let key = try DocumentKey.load(environmentValue: environment["LOKET_DOCUMENT_KEY"], file: folder.appendingPathComponent("document.key"))
        return try DocumentVault(
            folder: folder.appendingPathComponent("vault"), key: key,
            previousKeys: try DocumentKey.previous(environmentValue: environment["LOKET_DOCUMENT_KEY_PREVIOUS"]))
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
    /// A line on standard output, written at once (not when a buffer fills), so it reaches a log file at start.
    static func say(_ message: String) {
        FileHandle.standardOutput.write(Data((message + "\n").utf8))
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func fail(_ message: String) -> Never {
        self.error("loket: " + message)
        exit(2)
    }
}
