import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import LoketChannels
import LoketCore
import LoketDesk
import LoketStore

/// `GET /webhooks/whatsapp` (verification handshake) and `POST /webhooks/whatsapp` (messages and statuses).
struct WhatsAppRoutes {
    let desk: Desk
    let appSecret: String
    let verifyToken: String
    /// Downloads photos and documents into the vault; without an access token they stay references.
    let media: MediaIntake
    let metrics: ServerMetrics
    let gatekeeper: Gatekeeper

    func add(to router: Router<LoketRequestContext>) {
        router.get("/webhooks/whatsapp") { request, _ in try self.handshake(request) }
        router.post("/webhooks/whatsapp") { request, _ in try await self.receive(request) }
    }

    /// Answers the challenge verbatim when the mode and the token are right.
    private func handshake(_ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        guard query["hub.mode"] == "subscribe", let token = query["hub.verify_token"], String(token) == self.verifyToken,
            let challenge = query["hub.challenge"]
        else {
            throw APIError.forbidden("the verify token does not match")
        }
        return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: String(challenge))))
    }

    /// Accepts a delivery once every message in it is durably handled; a redelivery is acknowledged again.
    private func receive(_ request: Request) async throws -> Response {
        let body = try await request.signedBody(.xHubSignature256, secret: self.appSecret)
        let delivery: WhatsAppDelivery
        do {
            delivery = try WhatsAppInbound.parse(body)
        } catch let error as WebhookParseError {
            throw APIError.badRequest(error.description)
        }
        for (message, _) in delivery.messages { try self.gatekeeper.admit(sender: message.from) }
        for status in delivery.statuses {
            let known = try await self.desk.store.recordDeliveryStatus(platformID: status.messageID, status: status.status, at: Date())
            if !known, let reference = status.reference, status.acceptedByPlatform {
                // The platform has a reply whose sender went away before recording it (a crash between the two):
                // delivered, so that no dispatcher sends it a second time.
                try await self.desk.store.markDelivered(id: reference, at: Date(), platformID: status.messageID)
                try await self.desk.store.recordDeliveryStatus(platformID: status.messageID, status: status.status, at: Date())
            }
        }
        for (message, sentAt) in delivery.messages {
            // A redelivered photo is not downloaded again (the commit refuses every redelivery; this read spares the
            // download, so only messages with files pay for it).
            if !message.attachments.isEmpty, try await self.desk.store.hasReceived(messageID: message.id) { continue }
            var message = try await self.media.keepMedia(of: message)
            message.channel = "whatsapp"
            let started = Date()
            _ = try await self.desk.receive(message, at: started, platformTimestamp: sentAt)
            self.metrics.messageReceived(channel: "whatsapp")
            self.metrics.eventHandled(seconds: Date().timeIntervalSince(started))
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{}")))
    }
}

extension HTTPField.Name {
    static let xHubSignature256 = Self("X-Hub-Signature-256")!
    static let xLoketSignature = Self("X-Loket-Signature")!
}
