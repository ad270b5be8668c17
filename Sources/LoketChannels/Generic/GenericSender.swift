import Foundation
import LoketCore

/// Sends replies to the generic channel's gateway: `POST LOKET_GENERIC_OUTBOUND_URL`, signed like inbound, body
/// `{"id","to","text","buttons":[{"id","title"}],"in_reply_to"}`. A 2xx answer means delivered; anything else is
/// retried.
package struct GenericSender: Sendable {
    package let client: any HTTPClient
    package let url: String
    package let secret: String

    package init(client: any HTTPClient, url: String, secret: String) {
        self.client = client
        self.url = url
        self.secret = secret
    }

    /// Nil when delivered; otherwise why not.
    package func send(id: String, to recipient: String, reply: Reply, inReplyTo: String?) async -> String? {
        var payload: [String: Any] = [
            "id": id, "to": recipient, "text": reply.text, "buttons": reply.buttons.map { ["id": $0.id, "title": $0.title] },
        ]
        if let inReplyTo { payload["in_reply_to"] = inReplyTo }
        guard let body = try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys]) else { return "the reply cannot be encoded" }
        let request = OutboundRequest(
            method: "POST", url: self.url,
            headers: [("Content-Type", "application/json"), ("X-Loket-Signature", WebhookSignature.sign(body, secret: self.secret))],
            body: body)
        do {
            let response = try await self.client.send(request)
            return (200..<300).contains(response.status) ? nil : "HTTP \(response.status)"
        } catch {
            return "\(error)"
        }
    }
}
