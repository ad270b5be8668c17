import Foundation
import LoketCore

/// A citizen's photo or document, downloaded from the platform that carried it.
package struct FetchedMedia: Sendable {
    package var bytes: Data
    package var mimeType: String?
    /// Set when the file cannot be kept (wrong type, too large, too small to read); the bytes are then not stored.
    package var problem: Attachment.Problem?

    package init(bytes: Data, mimeType: String?, problem: Attachment.Problem?) {
        self.bytes = bytes
        self.mimeType = mimeType
        self.problem = problem
    }
}

/// Turns a platform's reference to a file into checked bytes.
package protocol MediaSource: Sendable {
    /// The file `attachment` refers to, or nil when the reference is not this platform's.
    /// - Throws: ``TransportError`` when the platform cannot be reached or refuses; the webhook then answers 503
    ///   so that the platform delivers the message again later.
    func fetch(_ attachment: Attachment) async throws -> FetchedMedia?
}
