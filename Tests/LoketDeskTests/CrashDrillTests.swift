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

    func start(in folder: URL) throws -> Process {
        let process = Process()
        process.executableURL = Self.drill
        process.arguments = [Self.root.appendingPathComponent("config/loket.yaml").path, folder.path, String(Self.events)]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
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

        // The same stream once without interruption, as the reference.
        let clean = try self.start(in: reference)
        clean.waitUntilExit()
        #expect(clean.terminationStatus == 0)

        // Killed at random points while it works; each restart sends the whole stream again. The kill waits for
        // the child to accept something new, so it lands in the middle of the stream, not during start-up.
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        for _ in 0..<12 {
            let before = self.lines(crashed, "acknowledged.log").count
            let child = try self.start(in: crashed)
            while child.isRunning && self.lines(crashed, "acknowledged.log").count <= before {
                try await Task.sleep(for: .milliseconds(5))
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...40, using: &generator)))
            guard child.isRunning else { break }
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            kills += 1
        }
        let last = try self.start(in: crashed)
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        #expect(kills > 0, "the child finished before it could be killed")

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
