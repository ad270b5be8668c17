import Foundation
import LoketCore

/// Sends replies through the WhatsApp Cloud API (`POST {base}/{phone-number-id}/messages`, bearer token).
package struct WhatsAppCloudSender: Sendable {
    package let client: any HTTPClient
    /// `LOKET_WHATSAPP_API_BASE`, default `https://graph.facebook.com/v21.0`.
    package let apiBase: String
    package let phoneNumberID: String
    package let accessToken: String
    /// Seconds to wait for the platform's answer to a send.
    package var timeout = 15

    package init(client: any HTTPClient, apiBase: String, phoneNumberID: String, accessToken: String) {
        self.client = client
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.phoneNumberID = phoneNumberID
        self.accessToken = accessToken
    }

    /// The platform's outcome of one send.
    package enum Outcome: Equatable {
        /// Accepted, with the platform's message id.
        case accepted(String?)
        case failed(WhatsAppOutbound.Failure, String)
    }

    /// Marks a citizen's message as read (blue ticks), so they see it was received; failures are ignored, as the
    /// reply that follows says the same.
    package func markRead(_ messageID: String) async {
        let payload: [String: Any] = ["messaging_product": "whatsapp", "status": "read", "message_id": messageID]
        guard let body = try? JSONSerialization.data(withJSONObject: payload) else { return }
        _ = try? await self.client.send(OutboundRequest(
            method: "POST", url: "\(self.apiBase)/\(self.phoneNumberID)/messages",
            headers: [("Authorization", "Bearer \(self.accessToken)"), ("Content-Type", "application/json")], body: body, timeout: 5))
    }

    /// Sends one reply; `reference` (the outbox id) comes back in the platform's status webhooks.
    package func send(_ reply: Reply, to recipient: String, reference: String? = nil) async -> Outcome {
        let payload = WhatsAppOutbound.body(to: recipient, reply: reply, reference: reference)
        guard let body = try? JSONSerialization.data(withJSONObject: payload) else { return .failed(.permanent, "the reply cannot be encoded") }
        let request = OutboundRequest(
            method: "POST", url: "\(self.apiBase)/\(self.phoneNumberID)/messages",
            headers: [("Authorization", "Bearer \(self.accessToken)"), ("Content-Type", "application/json")], body: body, timeout: self.timeout)
        let response: OutboundResponse
        do {
            response = try await self.client.send(request)
        } catch let error as TransportError where error.mayHaveArrived {
            return .failed(.inDoubt, "\(error)")
        } catch {
            return .failed(.retry, "\(error)")
        }
        let json = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        if (200..<300).contains(response.status) {
            let id = ((json?["messages"] as? [[String: Any]])?.first?["id"]) as? String
            return .accepted(id)
        }
        let error = json?["error"] as? [String: Any]
        let code = error?["code"] as? Int
        let message = (error?["message"] as? String).map { ": \($0)" } ?? ""
        return .failed(WhatsAppOutbound.classify(status: response.status, errorCode: code), "HTTP \(response.status) code \(code.map(String.init) ?? "-")\(message)")
    }
}
