import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import LoketChannels
import LoketCore
import LoketDesk

/// `POST /webhooks/generic`: the generic channel of DESIGN.md, HMAC-signed in `X-Loket-Signature`.
struct GenericRoutes {
    let desk: Desk
    let secret: String
    let metrics: ServerMetrics
    let gatekeeper: Gatekeeper

    func add(to router: Router<LoketRequestContext>) {
        router.post("/webhooks/generic") { request, _ in try await self.receive(request) }
    }

    private func receive(_ request: Request) async throws -> Response {
        let body = try await request.signedBody(.xLoketSignature, secret: self.secret)
        let parsed: (message: LoketCore.InboundMessage, sentAt: Date?)
        do {
            parsed = try GenericInbound.parse(body)
        } catch let error as WebhookParseError {
            throw APIError.badRequest(error.description)
        }
        var message = parsed.message
        try self.gatekeeper.admit(sender: message.from)
        message.channel = "generic"
        let started = Date()
        let outcome = try await self.desk.receive(message, at: started, platformTimestamp: parsed.sentAt)
        self.metrics.messageReceived(channel: "generic")
        self.metrics.eventHandled(seconds: Date().timeIntervalSince(started))
        let answer = #"{"accepted":true,"duplicate":\#(outcome.duplicate)}"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
    }
}
