import Foundation
import HTTPTypes
import Hummingbird
import LoketChannels

extension Request {
    /// The raw body (at most ``ServerConfiguration/maxBody``), once `header` proves it is signed with `secret`
    /// (`sha256=` and the hex HMAC-SHA256 of the body, compared in constant time).
    /// - Throws: ``APIError/unauthorized(_:)`` for a signature that is missing or wrong.
    func signedBody(_ header: HTTPField.Name, secret: String) async throws -> Data {
        let body = Data(try await self.body.collect(upTo: ServerConfiguration.maxBody).readableBytesView)
        guard WebhookSignature.isValid(self.headers[header], body: body, secret: secret) else {
            throw APIError.unauthorized("the \(header) signature is missing or wrong")
        }
        return body
    }
}
