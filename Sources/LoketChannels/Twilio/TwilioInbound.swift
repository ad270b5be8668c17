import Foundation
import LoketCore

/// Twilio WhatsApp's form-encoded webhook: an incoming message, or a status callback about one of ours.
package enum TwilioInbound {
    /// The citizen's message in a form, or nil for a status callback.
    /// - Throws: ``WebhookParseError`` when the form lacks what a message must have.
    package static func message(_ fields: [(String, String)]) throws -> InboundMessage? {
        let form = Dictionary(fields, uniquingKeysWith: { first, _ in first })
        if form["MessageStatus"] != nil && form["Body"] == nil { return nil }
        guard let id = form["MessageSid"], !id.isEmpty else { throw WebhookParseError(description: "missing MessageSid") }
        guard let from = form["From"].map({ $0.hasPrefix("whatsapp:") ? String($0.dropFirst(9)) : $0 }), from.hasPrefix("+") else {
            throw WebhookParseError(description: "missing From")
        }
        var message = InboundMessage(id: id, from: from, text: form["Body"], profileName: form["ProfileName"])
        message.channel = "twilio"
        // At most 10, as Twilio sends; a negative count (a forged form) is none.
        let count = min(max(Int(form["NumMedia"] ?? "0") ?? 0, 0), 10)
        for index in 0..<count {
            let type = form["MediaContentType\(index)"]
            let kind: Attachment.Kind = switch type?.split(separator: "/").first {
            case "image": type == "image/webp" ? .sticker : .image
            case "audio": .audio
            case "video": .video
            default: .document
            }
            message.attachments.append(Attachment(kind: kind, mimeType: type, reference: form["MediaUrl\(index)"]))
        }
        if let latitude = form["Latitude"], let longitude = form["Longitude"] {
            message.attachments.append(Attachment(kind: .location, reference: "\(latitude),\(longitude)"))
        }
        if let payload = form["ButtonPayload"], !payload.isEmpty {
            message.button = payload
            message.text = form["ButtonText"] ?? message.text
        }
        if message.text == "" && !message.attachments.isEmpty { message.text = nil }
        return message
    }
}
