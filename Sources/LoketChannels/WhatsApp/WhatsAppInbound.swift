import Foundation
import LoketCore

/// What one WhatsApp webhook delivery carries for Loket.
package struct WhatsAppDelivery: Equatable, Sendable {
    /// Citizens' messages, each with the platform's time.
    package var messages: [(message: InboundMessage, sentAt: Date?)]
    /// Delivery reports about our own replies.
    package var statuses: [DeliveryStatus]

    package static func == (lhs: WhatsAppDelivery, rhs: WhatsAppDelivery) -> Bool {
        lhs.messages.map(\.message) == rhs.messages.map(\.message) && lhs.messages.map(\.sentAt) == rhs.messages.map(\.sentAt)
            && lhs.statuses == rhs.statuses
    }
}

/// The platform's word on a reply Loket sent.
package struct DeliveryStatus: Equatable, Sendable {
    /// The platform's id of our message (wamid).
    package var messageID: String
    /// `sent`, `delivered`, `read`, `played` or `failed`.
    package var status: String
    package var errorCode: Int?
    /// The reference Loket sent with the reply (its outbox id), echoed back by the platform.
    package var reference: String?

    package init(messageID: String, status: String, errorCode: Int? = nil, reference: String? = nil) {
        self.messageID = messageID
        self.status = status
        self.errorCode = errorCode
        self.reference = reference
    }

    /// Whether the platform has the message: every status but `failed` says so.
    package var acceptedByPlatform: Bool {
        ["sent", "delivered", "read", "played"].contains(self.status)
    }
}

/// Why a webhook body is not something Loket can read.
package struct WebhookParseError: Error, Equatable, CustomStringConvertible {
    package var description: String
}

/// Reads WhatsApp Cloud API webhook bodies into citizens' messages and delivery statuses.
package enum WhatsAppInbound {
    /// Parses the raw body (after its signature was checked).
    /// - Throws: ``WebhookParseError`` for JSON that is not a WhatsApp webhook.
    package static func parse(_ body: Data) throws -> WhatsAppDelivery {
        let payload: WhatsAppPayload
        do {
            payload = try JSONDecoder().decode(WhatsAppPayload.self, from: body)
        } catch {
            throw WebhookParseError(description: "the body is not a WhatsApp webhook: \(Self.reason(error))")
        }
        var delivery = WhatsAppDelivery(messages: [], statuses: [])
        for change in payload.entry.flatMap(\.changes) where change.field == "messages" {
            guard let value = change.value else { continue }
            let names = Dictionary((value.contacts ?? []).compactMap { contact in contact.waID.map { ($0, contact.profile?.name) } }, uniquingKeysWith: { first, _ in first })
            for message in value.messages ?? [] {
                // A message without an id cannot be told from its redelivery, and a sender that is not a number
                // cannot be answered: neither is a citizen's turn (found by fuzzing).
                guard !message.id.trimmingCharacters(in: .whitespaces).isEmpty, let from = message.from, (5...20).contains(from.count),
                    from.allSatisfy({ $0.isASCII && $0.isNumber }),
                    let parsed = Self.message(message, from: from, name: names[from] ?? nil) else { continue }
                let sentAt = message.timestamp.flatMap(Double.init).map { Date(timeIntervalSince1970: $0) }
                delivery.messages.append((parsed, sentAt))
            }
            for status in value.statuses ?? [] {
                delivery.statuses.append(DeliveryStatus(
                    messageID: status.id, status: status.status, errorCode: status.errors?.first?.code, reference: status.callbackData))
            }
        }
        return delivery
    }

    /// One message in Loket's terms; nil for what is not a citizen's turn (reactions, system notices).
    private static func message(_ message: WhatsAppPayload.Message, from: String, name: String?) -> InboundMessage? {
        let sender = "+" + from
        var inbound = InboundMessage(id: message.id, from: sender, profileName: name)
        func media(_ kind: Attachment.Kind, _ media: WhatsAppPayload.Media?) {
            inbound.attachments = [Attachment(kind: kind, filename: media?.filename, mimeType: media?.mimeType, reference: media?.id.map { "whatsapp:" + $0 })]
            inbound.text = media?.caption
        }
        switch message.type {
        case "text": inbound.text = message.text?.body ?? ""
        case "image": media(.image, message.image)
        case "document": media(.document, message.document)
        case "audio": media(.audio, message.audio)
        case "video": media(.video, message.video)
        case "sticker": media(.sticker, message.sticker)
        case "location":
            let place = message.location.map { "\($0.latitude),\($0.longitude)" }
            inbound.attachments = [Attachment(kind: .location, reference: place)]
        case "contacts":
            inbound.attachments = [Attachment(kind: .contacts)]
        case "interactive":
            let choice = message.interactive?.buttonReply ?? message.interactive?.listReply
            inbound.button = choice?.id
            inbound.text = choice?.title
        case "button":
            inbound.button = message.button?.payload
            inbound.text = message.button?.text
        case "reaction", "system", "request_welcome", "ephemeral", "revoked", "edit":
            return nil
        default:
            // "unsupported" and types newer than this code: answered as a kind of message the bot cannot read.
            inbound.attachments = [Attachment(kind: .unsupported)]
        }
        return inbound
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context), DecodingError.valueNotFound(_, let context):
            context.codingPath.map(\.stringValue).joined(separator: ".").isEmpty ? "malformed JSON" : "wrong value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "malformed JSON"
        }
    }
}
