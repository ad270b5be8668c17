import LoketCore
import LoketStore

/// The embedded directory: participants kept in the store (seeded from `config/directory/`, imported from CSV).
package struct StoreDirectory: ParticipantDirectory {
    package let store: any Store

    package init(store: any Store) {
        self.store = store
    }

    package func record(nik: String) async throws -> DirectoryRecord? {
        try await self.store.directoryRecord(nik: nik)
    }
}
