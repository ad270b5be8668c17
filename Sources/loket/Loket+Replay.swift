import ArgumentParser
import Foundation
import LoketCore
import LoketDesk
import LoketPostgres
import LoketSQLite
import LoketStore

extension Loket {
    /// `loket replay`: runs transcripts through the real engine and a real store.
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run transcripts (default conversations/) and report every difference.",
            discussion: """
                Each transcript starts from an empty database: a fresh temporary SQLite file, or the database --db \
                names, which replay empties before every transcript (name a scratch database).
                """
        )

        @OptionGroup var options: EngineOptions

        @Argument(help: "Transcript files or folders.")
        var paths: [String] = ["conversations"]

        func run() async throws {
            let environment = MachineEnvironment(configuration: Composition.configuration(self.options))
            let paths = TranscriptFiles.paths(under: self.paths)
            let failed: Int
            switch self.options.db {
            case let url? where url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"):
                failed = try await Composition.withStore(url: url) { store in
                    let runner = TranscriptRunner(environment: environment) {
                        try await (store as? PostgresStore)?.eraseEverything()
                        return store
                    }
                    return await Self.replay(paths, with: runner)
                }
            case let url?:
                guard url.hasPrefix("sqlite:") else { Console.fail("unknown database URL '\(url)'") }
                let path = String(url.dropFirst("sqlite:".count))
                let runner = TranscriptRunner(environment: environment) {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                    return try SQLiteStore(path: path)
                }
                failed = await Self.replay(paths, with: runner)
            case nil:
                let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("loket-replay-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: scratch) }
                let runner = TranscriptRunner(environment: environment) {
                    try SQLiteStore(path: scratch.appendingPathComponent("\(UUID().uuidString).sqlite").path)
                }
                failed = await Self.replay(paths, with: runner)
            }
            if failed > 0 || paths.isEmpty { throw ExitCode.failure }
        }

        /// Runs every transcript, prints each failure and the totals; returns the number of failures.
        private static func replay(_ paths: [String], with runner: TranscriptRunner) async -> Int {
            var passed = 0
            var failed = 0
            for path in paths {
                let failure: String?
                do {
                    failure = await runner.run(try TranscriptFiles.load(path))?.description
                } catch {
                    failure = "\(error)"
                }
                if let failure {
                    failed += 1
                    print("FAIL \(failure)")
                } else {
                    passed += 1
                }
            }
            print("\(passed) passed, \(failed) failed")
            return failed
        }
    }
}
