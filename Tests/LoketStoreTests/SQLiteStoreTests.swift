import Foundation
import LoketSQLite
import LoketStore
import Testing

@Suite struct SQLiteStoreTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-sqlite-\(UUID().uuidString)")

    @Test func aFileThatIsNotADatabaseIsNamedAsSuch() throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true)
        let path = self.folder.appendingPathComponent("loket.sqlite").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x42, count: 8192))
        do {
            _ = try SQLiteStore(path: path)
            Issue.record("a corrupt file was opened")
        } catch let error as StoreError {
            #expect(error.code == .unusable)
            #expect(error.description.contains(path))
        }
    }

    @Test func aFreshDatabaseGetsEveryMigration() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let store = try SQLiteStore(path: self.folder.appendingPathComponent("loket.sqlite").path)
        #expect(try await store.appliedMigrations().count == 6)
        // Opening it again migrates nothing and loses nothing.
        let again = try SQLiteStore(path: self.folder.appendingPathComponent("loket.sqlite").path)
        #expect(try await again.appliedMigrations().count == 6)
    }
}
