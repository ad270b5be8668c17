import Foundation

/// Where participants are looked up: the directory kept in the store, or a core system over HTTP. The conversation
/// machine asks with ``ConversationAction/lookUpParticipant(nik:)``; the runtime answers through this.
package protocol ParticipantDirectory: Sendable {
    /// The participant and everyone on the same family card; nil when the NIK is not registered.
    /// - Throws: ``DirectoryUnavailable`` when the directory cannot answer now.
    func record(nik: String) async throws -> DirectoryRecord?
}

/// The directory cannot answer now (a core system that is down, slow or refusing); the citizen is told when to
/// try again.
package struct DirectoryUnavailable: Error, CustomStringConvertible {
    /// When asking again makes sense.
    package var retryAfter: Date
    package var description: String

    package init(retryAfter: Date, _ description: String) {
        self.retryAfter = retryAfter
        self.description = description
    }
}
