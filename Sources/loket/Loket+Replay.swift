import ArgumentParser
import Foundation
import LoketCore
import LoketDesk
import LoketStore

extension Loket {
    /// `loket replay`: runs transcripts through the real engine and a real store.
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run transcripts (default conversations/) and report every difference.",
            discussion: "Each transcript gets a fresh database: a temporary SQLite file, or the file --db names, emptied first."
        )

        @OptionGroup var options: EngineOptions

        @Argument(help: "Transcript files or folders.")
        var paths: [String] = ["conversations"]

        func run() throws {
            let configuration = Composition.configuration(self.options)
            let environment = MachineEnvironment(configuration: configuration)
            let named = self.options.db
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("loket-replay-\(getpid())")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let counter = Counter()
            let runner = TranscriptRunner(environment: environment) {
                let url: String
                if let named, named.hasPrefix("sqlite:") {
                    let path = String(named.dropFirst("sqlite:".count))
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                    url = named
                } else if let named {
                    url = named
                } else {
                    url = "sqlite:" + scratch.appendingPathComponent("transcript-\(counter.next()).sqlite").path
                }
                return try Composition.store(url: url)
            }
            var passed = 0
            var failed = 0
            for path in TranscriptFiles.paths(under: self.paths) {
                let failure: String?
                do {
                    failure = runner.run(try TranscriptFiles.load(path))?.description
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
            if failed > 0 || passed == 0 { throw ExitCode.failure }
        }
    }
}

/// Numbers for scratch files.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func next() -> Int {
        self.lock.lock()
        defer { self.lock.unlock() }
        self.value += 1
        return self.value
    }
}
