import Foundation
import LoketCore

/// Builds the Cloud API `messages` request body for a reply, within the platform's limits.
///
/// Up to 3 buttons with titles of at most 20 characters become reply buttons; up to 10 options with titles of at
/// most 24 characters become a list; anything else is numbered text. A reply outside the 24-hour window is the
/// pre-approved template, with the reply as its one body parameter.
package enum WhatsAppOutbound {
    static let buttonTitleLimit = 20
    static let listTitleLimit = 24
    static let interactiveBodyLimit = 1024
    static let textLimit = 4096

    /// - Parameter reference: echoed back in the message's status webhooks (`biz_opaque_callback_data`), so that a
    ///   reply whose sender went away before recording it can be recognised as sent.
    package static func body(to recipient: String, reply: Reply, reference: String? = nil, language: String = "id") -> [String: Any] {
        let to = recipient.hasPrefix("+") ? String(recipient.dropFirst()) : recipient
        var message: [String: Any] = ["messaging_product": "whatsapp", "recipient_type": "individual", "to": to]
        if let reference { message["biz_opaque_callback_data"] = reference }
        if let template = reply.template {
            message["type"] = "template"
            message["template"] = [
                "name": template, "language": ["code": language],
                "components": [["type": "body", "parameters": [["type": "text", "text": String(reply.plainText.prefix(self.interactiveBodyLimit))]]]],
            ]
            return message
        }
        let buttons = reply.buttons
        if !buttons.isEmpty, reply.text.count <= self.interactiveBodyLimit {
            if buttons.count <= 3, buttons.allSatisfy({ $0.title.count <= self.buttonTitleLimit }) {
                message["type"] = "interactive"
                message["interactive"] = [
                    "type": "button", "body": ["text": reply.text],
                    "action": ["buttons": buttons.map { ["type": "reply", "reply": ["id": $0.id, "title": $0.title]] }],
                ]
                return message
            }
            if buttons.count <= 10, buttons.allSatisfy({ $0.title.count <= self.listTitleLimit }) {
                message["type"] = "interactive"
                message["interactive"] = [
                    "type": "list", "body": ["text": reply.text],
                    "action": [
                        "button": "Pilih", "sections": [["title": "Pilihan", "rows": buttons.map { ["id": $0.id, "title": $0.title] }]],
                    ],
                ]
                return message
            }
        }
        message["type"] = "text"
        message["text"] = ["body": String(reply.plainText.prefix(self.textLimit)), "preview_url": false]
        return message
    }

    /// How the platform's error code should be handled.
    package enum Failure: Equatable {
        /// Try again later (rate limits, temporary trouble).
        case retry
        /// It will not work by trying again (a bad request, an unreachable number, a revoked token).
        case permanent
        /// No answer came, but the platform may have the message (a timeout): try again only once its status
        /// webhook, which would say it was sent, has had time to arrive.
        case inDoubt
    }

    /// Graph API error codes: rate limits and temporary errors are retried, the rest dead-lettered.
    package static func classify(status: Int, errorCode: Int?) -> Failure {
        if status >= 500 || status == 429 { return .retry }
        switch errorCode {
        case 4, 80007, 130429, 131000, 131016, 131048, 131056, 133004: return .retry
        default: return .permanent
        }
    }
}
