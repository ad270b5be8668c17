import Foundation
import HTTPTypes
import Hummingbird
import LoketChannels
import LoketCore
import LoketDesk
import LoketStore
import NIOCore

/// `POST /webhooks/twilio`: Twilio WhatsApp messages and status callbacks, form-encoded, `X-Twilio-Signature`.
struct TwilioRoutes {
    let desk: Desk
    let authToken: String
    /// The public URL Twilio calls, when a proxy stands in front (`LOKET_TWILIO_WEBHOOK_URL`); otherwise rebuilt
    /// from the request.
    let publicURL: String?
    /// Downloads photos and documents into the vault; without the account SID they stay references.
    let media: MediaIntake
    let metrics: ServerMetrics
    let gatekeeper: Gatekeeper

    func add(to router: Router<LoketRequestContext>) {
        router.post("/webhooks/twilio") { request, _ in try await self.receive(request) }
    }

    private func url(of request: Request) -> String {
        if let publicURL = self.publicURL { return publicURL }
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] ?? "http"
        return "\(scheme)://\(request.head.authority ?? "127.0.0.1")\(request.uri.description)"
    }

    private func receive(_ request: Request) async throws -> Response {
        let body = Data(try await request.body.collect(upTo: ServerConfiguration.maxBody).readableBytesView)
        let fields: [(String, String)]
        do {
            fields = try URLEncodedForm.fields(body)
        } catch let error as WebhookParseError {
            throw APIError.badRequest(error.description)
        }
        guard TwilioSignature.isValid(request.headers[HTTPField.Name("X-Twilio-Signature")!], url: self.url(of: request), parameters: fields, authToken: self.authToken)
        else { throw APIError.unauthorized("the X-Twilio-Signature signature is missing or wrong") }
        let message: InboundMessage?
        do {
            message = try TwilioInbound.message(fields)
        } catch let error as WebhookParseError {
            throw APIError.badRequest(error.description)
        }
        let form = Dictionary(fields, uniquingKeysWith: { first, _ in first })
        if message == nil, let sid = form["MessageSid"], let status = form["MessageStatus"] {
            try await self.desk.store.recordDeliveryStatus(platformID: sid, status: status, at: Date())
        }
        // A redelivered photo is not downloaded again (the commit refuses every redelivery; this read spares the
        // download, so only messages with files pay for it).
        if let message { try self.gatekeeper.admit(sender: message.from) }
        var redeliveredFiles = false
        if let message, !message.attachments.isEmpty { redeliveredFiles = try await self.desk.store.hasReceived(messageID: message.id) }
        if let message, !redeliveredFiles {
            let message = try await self.media.keepMedia(of: message)
            let started = Date()
            _ = try await self.desk.receive(message, at: started)
            self.metrics.messageReceived(channel: "twilio")
            self.metrics.eventHandled(seconds: Date().timeIntervalSince(started))
        }
        // An empty TwiML answer: the replies go out through the Messages API.
        return Response(status: .ok, headers: [.contentType: "text/xml"], body: .init(byteBuffer: ByteBuffer(string: "<Response/>")))
    }
}
