import Foundation
import LoketCore

/// Turns a WhatsApp media id into bytes: `GET {base}/{media-id}` gives a short-lived URL, which is downloaded with
/// the same bearer token.
package struct WhatsAppMediaFetcher: MediaSource {
    package let client: any HTTPClient
    package let apiBase: String
    package let accessToken: String

    package init(client: any HTTPClient, apiBase: String, accessToken: String) {
        self.client = client
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.accessToken = accessToken
    }

    /// Fetches `whatsapp:{media-id}` references.
    package func fetch(_ attachment: Attachment) async throws -> FetchedMedia? {
        guard let reference = attachment.reference, reference.hasPrefix(Self.referencePrefix) else { return nil }
        return try await self.fetch(mediaID: String(reference.dropFirst(Self.referencePrefix.count)))
    }

    static let referencePrefix = "whatsapp:"

    /// The file's bytes and type.
    /// - Throws: ``TransportError`` when the platform cannot be reached or refuses; the webhook then answers 503
    ///   so that the platform delivers it again later.
    package func fetch(mediaID: String) async throws -> FetchedMedia {
        guard mediaID.allSatisfy({ $0.isNumber }) else { throw TransportError("not a media id") }
        let authorization = [(name: "Authorization", value: "Bearer \(self.accessToken)")]
        let meta = try await self.client.send(OutboundRequest(method: "GET", url: "\(self.apiBase)/\(mediaID)", headers: authorization))
        guard (200..<300).contains(meta.status),
            let json = (try? JSONSerialization.jsonObject(with: meta.body)) as? [String: Any], let url = json["url"] as? String
        else { throw TransportError("the media URL could not be read (HTTP \(meta.status))") }
        let mimeType = json["mime_type"] as? String
        if let size = json["file_size"] as? Int, size > MediaCheck.maxBytes {
            return FetchedMedia(bytes: Data(), mimeType: mimeType, problem: .tooLarge)
        }
        let file = try await self.client.send(OutboundRequest(method: "GET", url: url, headers: authorization, timeout: 30))
        guard (200..<300).contains(file.status) else { throw TransportError("the media download failed (HTTP \(file.status))") }
        return FetchedMedia(bytes: file.body, mimeType: mimeType, problem: MediaCheck.problem(with: file.body, mimeType: mimeType))
    }
}
