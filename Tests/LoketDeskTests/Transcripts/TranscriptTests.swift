import Foundation
import LoketCore
import LoketDesk
import LoketSQLite
import LoketStore
import Testing

/// Every transcript in `conversations/`, through the real engine and a real SQLite file.
@Suite struct TranscriptTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let environment: MachineEnvironment = {
        do {
            return MachineEnvironment(configuration: try ConfigurationFiles.load(mainFile: root.appendingPathComponent("config/loket.yaml").path))
        } catch {
            fatalError("the project's config/ does not load: \(error)")
        }
    }()

    static let files = TranscriptFiles.paths(under: [root.appendingPathComponent("conversations").path])

    @Test func thereAreTranscriptsForTheHeadlineServices() {
        for service in ["reactivate", "activate", "change_phone"] {
            #expect(Self.files.contains { $0.contains("/conversations/\(service)/") }, "no transcript for \(service)")
        }
    }

    // One after the other: run all at once, a few hundred conversations with their own SQLite files would take the
    // machine from the tests that serve HTTP on loopback and wait for answers.
    @Test(.serialized, arguments: Self.files)
    func transcriptHolds(path: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let runner = TranscriptRunner(environment: Self.environment) {
            try SQLiteStore(path: folder.appendingPathComponent("loket.sqlite").path)
        }
        let failure = await runner.run(try TranscriptFiles.load(path))
        #expect(failure == nil, "\(failure?.description ?? "")")
    }
}
