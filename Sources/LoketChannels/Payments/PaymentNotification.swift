import Foundation
import LoketCore

/// `POST /webhooks/payments`: a payment provider's notice that money arrived in a virtual account.
///
/// Body `{"reference":"PAY-1","virtual_account":"8888801234567890","amount":140000,"paid_at":"2026-03-02T10:00:00+07:00"}`
/// (`paid_at` optional), signed like the generic channel (`X-Loket-Signature: sha256=<hex HMAC-SHA256>`). The
/// reference is the provider's and unique per payment: a notice sent again is recognised by it.
package enum PaymentNotification {
    private struct Body: Decodable {
        var reference: String
        var virtualAccount: String
        var amount: Int
        var paidAt: String?

        enum CodingKeys: String, CodingKey {
            case reference, amount
            case virtualAccount = "virtual_account"
            case paidAt = "paid_at"
        }
    }

    /// The payment and when the provider says it was made.
    /// - Throws: ``WebhookParseError`` saying what is wrong, for a 400 answer.
    package static func parse(_ data: Data) throws -> (payment: Payment, paidAt: Date?) {
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: data)
        } catch {
            throw WebhookParseError(description: "expected {\"reference\":…, \"virtual_account\":…, \"amount\":…}")
        }
        let reference = body.reference.trimmingCharacters(in: .whitespaces)
        guard !reference.isEmpty, reference.count <= 100 else { throw WebhookParseError(description: "the reference is 1 to 100 characters") }
        let account = body.virtualAccount.filter { !$0.isWhitespace }
        guard (10...20).contains(account.count), account.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw WebhookParseError(description: "a virtual account is 10 to 20 digits")
        }
        guard body.amount > 0 else { throw WebhookParseError(description: "the amount is a positive number of rupiah") }
        var paidAt: Date?
        if let text = body.paidAt {
            guard let date = ISO8601DateFormatter().date(from: text) else { throw WebhookParseError(description: "paid_at is an ISO 8601 time") }
            paidAt = date
        }
        return (Payment(virtualAccount: account, amount: body.amount, reference: reference), paidAt)
    }
}
