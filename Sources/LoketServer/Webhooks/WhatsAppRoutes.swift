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
    /// Downloads photos and documents; without an access token they are accepted as references only.
    let media: WhatsAppMediaFetcher?
    let vault: DocumentVault?
    let metrics: ServerMetrics

    func add(to router: Router<BasicRequestContext>) {
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
        let body = Data(try await request.body.collect(upTo: ServerConfiguration.maxBody).readableBytesView)
        guard WebhookSignature.isValid(request.headers[.xHubSignature256], body: body, secret: self.appSecret) else {
            throw APIError.unauthorized("the X-Hub-Signature-256 signature is missing or wrong")
        }
        let delivery: WhatsAppDelivery
        do {
            delivery = try WhatsAppInbound.parse(body)
        } catch let error as WebhookParseError {
            throw APIError.badRequest(error.description)
        }
        for status in delivery.statuses {
            try await self.desk.store.recordDeliveryStatus(platformID: status.messageID, status: status.status, at: Date())
        }
        for (message, sentAt) in delivery.messages {
            var message = message
            message.channel = "whatsapp"
            message.attachments = try await message.attachments.asyncMap { try await self.store($0, from: message.from) }
            let started = Date()
            _ = try await self.desk.receive(message, at: started, platformTimestamp: sentAt)
            self.metrics.messageReceived(channel: "whatsapp")
            self.metrics.eventHandled(seconds: Date().timeIntervalSince(started))
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{}")))
    }
}

extension WhatsAppRoutes {
    /// Downloads a photo or document into the encrypted vault, or marks what is wrong with it.
    private func store(_ attachment: Attachment, from citizen: String) async throws -> Attachment {
        guard let media = self.media, let vault = self.vault, attachment.kind == .image || attachment.kind == .document,
            let reference = attachment.reference, reference.hasPrefix("whatsapp:")
        else { return attachment }
        var stored = attachment
        let fetched: WhatsAppMediaFetcher.Media
        do {
            fetched = try await media.fetch(mediaID: String(reference.dropFirst("whatsapp:".count)))
        } catch {
            throw APIError.unavailable("the photo could not be downloaded yet; deliver again later")
        }
        if let problem = fetched.problem {
            stored.problem = problem
            return stored
        }
        let id = UUID().uuidString
        try vault.put(fetched.bytes, id: id)
        try await self.desk.store.recordDocument(
            StoredDocument(id: id, citizen: citizen, mimeType: fetched.mimeType, size: fetched.bytes.count, storedAt: Date()))
        stored.reference = "vault:" + id
        return stored
    }
}

extension Array {
    /// `map` with an asynchronous transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        result.reserveCapacity(self.count)
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

extension HTTPField.Name {
    static let xHubSignature256 = Self("X-Hub-Signature-256")!
    static let xLoketSignature = Self("X-Loket-Signature")!
}
