import Foundation
import LoketCore

/// Downloads the photos and documents of Twilio WhatsApp messages: the webhook's `MediaUrl{N}` fields, fetched with
/// the account's Basic credentials (Twilio answers with a redirect to the file, which libcurl follows without
/// the credentials).
package struct TwilioMediaFetcher: MediaSource {
    package let client: any HTTPClient
    /// `LOKET_TWILIO_API_BASE`, default `https://api.twilio.com`.
    package let apiBase: String
    package let accountSID: String
    package let authToken: String

    package init(client: any HTTPClient, apiBase: String, accountSID: String, authToken: String) {
        self.client = client
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.accountSID = accountSID
        self.authToken = authToken
    }

    /// Fetches media URLs of our own account only: a form field pointing anywhere else is never requested, so a
    /// forged webhook cannot make Loket fetch an address of its choosing with our credentials.
    package func fetch(_ attachment: Attachment) async throws -> FetchedMedia? {
        guard let url = attachment.reference, url.hasPrefix("\(self.apiBase)/2010-04-01/Accounts/\(self.accountSID)/") else { return nil }
        let credentials = Data("\(self.accountSID):\(self.authToken)".utf8).base64EncodedString()
        let file = try await self.client.send(OutboundRequest(method: "GET", url: url, headers: [("Authorization", "Basic \(credentials)")], timeout: 30))
        guard (200..<300).contains(file.status) else { throw TransportError("the media download failed (HTTP \(file.status))") }
        return FetchedMedia(bytes: file.body, mimeType: attachment.mimeType, problem: MediaCheck.problem(with: file.body, mimeType: attachment.mimeType))
    }
}
