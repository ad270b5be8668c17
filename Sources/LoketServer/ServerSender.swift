import Foundation
import LoketChannels
import LoketCore
import LoketDesk
import LoketStore

/// Delivers each reply through the channel its citizen wrote from: WhatsApp Cloud API or the generic gateway when
/// configured; web chat citizens read theirs from the page (delivered once stored); the rest are printed by the
/// console transport.
package struct ServerSender: ReplySender {
    package var whatsApp: WhatsAppCloudSender?
    package var generic: GenericSender?
    package var twilio: TwilioSender?
    /// The console transport: shows a reply to someone no platform can reach.
    package var console: @Sendable (String) -> Void

    package init(whatsApp: WhatsAppCloudSender? = nil, generic: GenericSender? = nil, console: @escaping @Sendable (String) -> Void) {
        self.whatsApp = whatsApp
        self.generic = generic
        self.console = console
    }

    package func send(_ entry: OutboxEntry) async throws -> String? {
        switch entry.channel {
        case "web":
            return nil
        case "whatsapp" where self.whatsApp != nil:
            // The first reply to a message marks it read, just before the answer arrives; once, not on every retry.
            if let message = entry.inReplyTo, entry.id.hasSuffix("-1"), entry.attempts == 0 { await self.whatsApp!.markRead(message) }
            switch await self.whatsApp!.send(entry.reply, to: entry.recipient, reference: entry.id) {
            case .accepted(let id): return id
            case .failed(.retry, let reason): throw DeliveryError(permanent: false, reason: reason)
            case .failed(.permanent, let reason): throw DeliveryError(permanent: true, reason: reason)
            case .failed(.inDoubt, let reason): throw DeliveryError(permanent: false, reason: reason, inDoubt: true)
            }
        case "twilio" where self.twilio != nil:
            switch await self.twilio!.send(entry.reply, to: entry.recipient) {
            case .success(let sid): return sid
            case .failure(let failure): throw DeliveryError(permanent: failure.permanent, reason: failure.reason)
            }
        case "generic" where self.generic != nil:
            if let failure = await self.generic!.send(id: entry.id, to: entry.recipient, reply: entry.reply, inReplyTo: entry.inReplyTo) {
                throw DeliveryError(permanent: false, reason: failure)
            }
            return nil
        default:
            // The console is read by whoever runs the server: numbers the citizen may see in full are masked here.
            let text = Masking.maskNumbers(in: entry.reply.plainText).replacingOccurrences(of: "\n", with: "\n    ")
            self.console("→ \(Masking.maskPhone(entry.recipient)) [\(entry.id)]\n    \(text)")
            return nil
        }
    }
}
