import Foundation
import LoketCore

/// The generic channel's inbound JSON (DESIGN.md), for any gateway that is not WhatsApp Cloud API or Twilio:
/// `{"id","from","name","text","attachments":[{"type","url","mime_type","filename"}],"button","timestamp"}`.
package enum GenericInbound {
    private struct Body: Decodable {
        var id: String
        var from: String
        var name: String?
        var text: String?
        var attachments: [Item]?
        var button: String?
        var timestamp: String?

        struct Item: Decodable {
            var type: String
            var url: String?
            var mimeType: String?
            var filename: String?

            enum CodingKeys: String, CodingKey {
                case type, url, filename
                case mimeType = "mime_type"
            }
        }
    }

    /// The message and the time the gateway says it was sent.
    /// - Throws: ``WebhookParseError`` naming what is missing or wrong.
    package static func parse(_ data: Data) throws -> (message: InboundMessage, sentAt: Date?) {
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: data)
        } catch DecodingError.keyNotFound(let key, _) {
            throw WebhookParseError(description: "missing \(key.stringValue)")
        } catch {
            throw WebhookParseError(description: "the body is not the generic message JSON")
        }
        guard !body.id.isEmpty, body.id.count <= 200 else { throw WebhookParseError(description: "id must be 1 to 200 characters") }
        guard let from = PhoneNumber.parse(body.from) else {
            throw WebhookParseError(description: "from must be an Indonesian mobile number (E.164, +62…)")
        }
        let attachments = try (body.attachments ?? []).map { item -> Attachment in
            guard let kind = Attachment.Kind(rawValue: item.type) else {
                throw WebhookParseError(description: "unknown attachment type '\(item.type)'")
            }
            return Attachment(kind: kind, filename: item.filename, mimeType: item.mimeType, reference: item.url)
        }
        let message = InboundMessage(id: body.id, from: from, text: body.text, attachments: attachments, button: body.button, profileName: body.name)
        let formatter = ISO8601DateFormatter()
        return (message, body.timestamp.flatMap { formatter.date(from: $0) })
    }
}
