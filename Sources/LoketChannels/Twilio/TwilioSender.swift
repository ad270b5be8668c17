import Foundation
import LoketCore

/// Sends replies through Twilio's Messages API (`POST {base}/2010-04-01/Accounts/{sid}/Messages.json`, Basic auth).
/// Buttons go as numbered text (rich messages need Content Templates configured in Twilio).
package struct TwilioSender: Sendable {
    package let client: any HTTPClient
    /// `LOKET_TWILIO_API_BASE`, default `https://api.twilio.com`.
    package let apiBase: String
    package let accountSID: String
    package let authToken: String
    /// Our WhatsApp sender, `whatsapp:+…` (`LOKET_TWILIO_FROM`).
    package let from: String

    package init(client: any HTTPClient, apiBase: String, accountSID: String, authToken: String, from: String) {
        self.client = client
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.accountSID = accountSID
        self.authToken = authToken
        self.from = from.hasPrefix("whatsapp:") ? from : "whatsapp:" + from
    }

    /// Why Twilio did not take a message, and whether trying again can help.
    package struct Failure: Error, Equatable {
        package var permanent: Bool
        package var reason: String
    }

    /// The message's SID when Twilio accepted it; otherwise why not.
    package func send(_ reply: Reply, to recipient: String) async -> Result<String?, Failure> {
        let fields = [("To", "whatsapp:" + recipient), ("From", self.from), ("Body", String(reply.plainText.prefix(1600)))]
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let form = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        let credentials = Data("\(self.accountSID):\(self.authToken)".utf8).base64EncodedString()
        let request = OutboundRequest(
            method: "POST", url: "\(self.apiBase)/2010-04-01/Accounts/\(self.accountSID)/Messages.json",
            headers: [("Authorization", "Basic \(credentials)"), ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: Data(form.utf8))
        do {
            let response = try await self.client.send(request)
            let json = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
            if (200..<300).contains(response.status) { return .success(json?["sid"] as? String) }
            let code = json?["code"] as? Int
            let permanent = (400..<500).contains(response.status) && response.status != 429
            return .failure(Failure(permanent: permanent, reason: "HTTP \(response.status) code \(code.map(String.init) ?? "-")"))
        } catch {
            return .failure(Failure(permanent: false, reason: "\(error)"))
        }
    }
}
