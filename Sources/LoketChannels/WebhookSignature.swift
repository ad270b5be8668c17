import Crypto
import Foundation

/// `sha256=<hex HMAC-SHA256 of the raw body>`, the signature of WhatsApp Cloud API (`X-Hub-Signature-256`) and of
/// the generic channel (`X-Loket-Signature`).
package enum WebhookSignature {
    /// The header value for `body` signed with `secret`.
    package static func sign(_ body: some DataProtocol, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `header` is the signature of `body` under `secret`, compared in constant time.
    package static func isValid(_ header: String?, body: some DataProtocol, secret: String) -> Bool {
        guard let header, header.hasPrefix("sha256="), let given = Self.bytes(hex: header.dropFirst(7)) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: body, using: SymmetricKey(data: Data(secret.utf8)))
    }

    private static func bytes(hex: Substring) -> Data? {
        guard hex.count == 64 else { return nil }
        var data = Data(capacity: 32)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            data.append(byte)
            index = next
        }
        return data
    }
}
