import Foundation
import LoketCore
import LoketSQLite
import LoketStore
import Testing

/// A child process handling a stream of messages is killed with SIGKILL at random points, many times. After it
/// has finished, nothing accepted is lost, nothing is applied twice, and the platform got every reply once.
@Suite struct CrashDrillTests {
    static let root = TranscriptTests.root
    static let events = 200

    /// The `crash-drill` executable, built beside the test bundle.
    static var drill: URL? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("crash-drill")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    func start(in folder: URL, paced: Bool = false) throws -> Process {
        let process = Process()
        process.executableURL = Self.drill
        process.arguments = [Self.root.appendingPathComponent("config/loket.yaml").path, folder.path, String(Self.events)]
        process.environment = ["LOKET_DRILL_PACE_MS": paced ? "10" : "0"]
        process.standardOutput = FileHandle.nullDevice
        let errors = folder.appendingPathComponent("errors.log")
        if !FileManager.default.fileExists(atPath: errors.path) { _ = FileManager.default.createFile(atPath: errors.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: errors)
        try handle.seekToEnd()
        process.standardError = handle
        try process.run()
        return process
    }

    /// Runs the stream once cleanly in `reference`; then, in `crashed`, kills the child with SIGKILL 12 times at
    /// random points (each after a random number of new messages), and lets a last run finish.
    /// - Returns: the exit status of the clean and the last run, and how many kills landed.
    func runDrill(reference: URL, crashed: URL) throws -> (Int32, Int32, Int) {
        let clean = try self.start(in: reference)
        clean.waitUntilExit()
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        for _ in 0..<12 {
            // Distinct messages: a restart acknowledges the ones it already had again, quickly, as redeliveries.
            let target = Set(self.lines(crashed, "acknowledged.log")).count + Int.random(in: 1...15, using: &generator)
            let child = try self.start(in: crashed, paced: true)
            while child.isRunning && Set(self.lines(crashed, "acknowledged.log")).count < target { usleep(2_000) }
            guard child.isRunning else { continue }
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            kills += 1
        }
        let last = try self.start(in: crashed)
        last.waitUntilExit()
        return (clean.terminationStatus, last.terminationStatus, kills)
    }

    func lines(_ folder: URL, _ name: String) -> [String] {
        ((try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Every citizen's replies as (message answered, text), in order.
    func replies(_ folder: URL) async throws -> [OutboxEntry] {
        let store = try SQLiteStore(path: folder.appendingPathComponent("loket.sqlite").path)
        var all: [OutboxEntry] = []
        for citizen in 0..<7 {
            all += try await store.outbox(recipient: "+6281200000\(String(format: "%03d", citizen))", limit: 10_000)
        }
        return all
    }

    @Test(.enabled(if: Self.drill != nil, "the crash-drill executable is built with the tests"))
    func nothingIsLostOrDoneTwiceAcrossKills() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("loket-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let reference = base.appendingPathComponent("reference")
        let crashed = base.appendingPathComponent("crashed")
        for folder in [reference, crashed] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }

        // The child processes are started, watched and killed from a thread of their own, so that a busy test
        // run (whose tasks share a small pool) cannot delay a kill until the child has finished.
        let (cleanStatus, lastStatus, kills) = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.runDrill(reference: reference, crashed: crashed) })
            }
        }
        #expect(cleanStatus == 0)
        #expect(lastStatus == 0)
        #expect(kills > 0, "the child finished before it could be killed: \(self.lines(crashed, "errors.log").suffix(5))")

        let expected = try await self.replies(reference)
        let actual = try await self.replies(crashed)
        // Nothing accepted is lost: every acknowledged message was answered, exactly as without crashes.
        let answered = Set(actual.compactMap(\.inReplyTo))
        #expect(self.lines(crashed, "acknowledged.log").allSatisfy(answered.contains))
        #expect(actual.map(\.reply.text) == expected.map(\.reply.text))
        #expect(actual.map(\.inReplyTo) == expected.map(\.inReplyTo))
        // Nothing applied twice: each message's replies come from one event (one sequence number).
        let events = Dictionary(grouping: actual, by: { $0.inReplyTo ?? "" }).mapValues { Set($0.map { $0.id.split(separator: "-")[0] }) }
        #expect(events.values.allSatisfy { $0.count == 1 })
        // No reply reached the platform twice, and every reply reached it.
        let accepted = self.lines(crashed, "platform.log")
        #expect(accepted.count == Set(accepted).count)
        #expect(Set(accepted) == Set(actual.map(\.id)))
    }
}
