import Foundation
import LoketChannels
import LoketCore
import LoketDesk
import LoketStore

/// Brings the photos and documents of an inbound message into the encrypted vault before the message is handled,
/// so that the case refers to a file Loket holds, not to a platform link that expires.
struct MediaIntake: Sendable {
    let sources: [any MediaSource]
    let vault: DocumentVault?
    let store: any Store

    /// The message with each photo or document either stored (`vault:{id}`) or marked with what is wrong with it;
    /// other attachments, and everything when no source or vault is configured, pass through as references.
    /// - Throws: ``APIError/unavailable(_:)`` when a platform cannot hand the file over yet, so that it delivers the
    ///   message again later and nothing is lost.
    func keepMedia(of message: InboundMessage) async throws -> InboundMessage {
        var message = message
        var kept: [Attachment] = []
        for attachment in message.attachments {
            kept.append(try await self.keep(attachment, from: message.from))
        }
        message.attachments = kept
        return message
    }

    private func keep(_ attachment: Attachment, from citizen: String) async throws -> Attachment {
        guard let vault = self.vault, attachment.kind == .image || attachment.kind == .document else { return attachment }
        var fetched: FetchedMedia?
        do {
            for source in self.sources where fetched == nil {
                fetched = try await source.fetch(attachment)
            }
        } catch {
            throw APIError.unavailable("the photo could not be downloaded yet; deliver again later")
        }
        guard let fetched else { return attachment }
        var stored = attachment
        if let problem = fetched.problem {
            stored.problem = problem
            return stored
        }
        let id = UUID().uuidString
        try vault.put(fetched.bytes, id: id)
        try await self.store.recordDocument(
            StoredDocument(id: id, citizen: citizen, mimeType: fetched.mimeType, size: fetched.bytes.count, storedAt: Date()))
        stored.reference = "vault:" + id
        return stored
    }
}
