import Foundation
import HTTPTypes
import Hummingbird
import LoketChannels
import LoketCore
import LoketDesk
import NIOCore

/// `POST /webhooks/payments`: payment notices for virtual accounts, HMAC-signed in `X-Loket-Signature` with
/// `LOKET_PAYMENT_SECRET`, idempotent by the provider's reference.
struct PaymentRoutes {
    let desk: Desk
    let secret: String
    let metrics: ServerMetrics

    func add(to router: Router<LoketRequestContext>) {
        router.post("/webhooks/payments") { request, _ in try await self.receive(request) }
    }

    /// 200 `{"status":"applied"}` once the payment is durably applied (the citizen is told through the bot),
    /// 200 `{"status":"duplicate"}` for a reference seen before, 422 for a virtual account with no open bill.
    private func receive(_ request: Request) async throws -> Response {
        let body = try await request.signedBody(.xLoketSignature, secret: self.secret)
        let payment: Payment
        do {
            payment = try PaymentNotification.parse(body).payment
        } catch let error as WebhookParseError {
            throw APIError.badRequest(error.description)
        }
        let outcome = try await self.desk.pay(payment, at: Date())
        if outcome.duplicate {
            self.metrics.payment("duplicate")
            return Self.json(#"{"status":"duplicate"}"#)
        }
        if outcome.refusal != nil {
            self.metrics.payment("refused")
            throw APIError(
                status: .unprocessableContent, code: "unknown_virtual_account",
                message: "no bill is open for this virtual account; nothing was applied")
        }
        self.metrics.payment("applied")
        return Self.json(#"{"status":"applied"}"#)
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
