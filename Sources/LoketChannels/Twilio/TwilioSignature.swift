import Crypto
import Foundation

/// `X-Twilio-Signature`: Base64 of HMAC-SHA1 (key: the auth token) over the full public URL followed by every
/// form parameter's name and value, names sorted.
package enum TwilioSignature {
    package static func sign(url: String, parameters: [(String, String)], authToken: String) -> String {
        var message = url
        let grouped = Dictionary(grouping: parameters, by: \.0).mapValues { Set($0.map(\.1)).sorted() }
        for name in grouped.keys.sorted() {
            for value in grouped[name] ?? [] { message += name + value }
        }
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(authToken.utf8)))
        return Data(code).base64EncodedString()
    }

    /// Whether `header` signs the request, compared in constant time; the URL is tried with and without its
    /// default port, as Twilio computes it either way.
    package static func isValid(_ header: String?, url: String, parameters: [(String, String)], authToken: String) -> Bool {
        guard let header, let given = Data(base64Encoded: header) else { return false }
        return self.urlVariants(url).contains { variant in
            let expected = Data(base64Encoded: self.sign(url: variant, parameters: parameters, authToken: authToken)) ?? Data()
            return expected.count == given.count && zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }

    private static func urlVariants(_ url: String) -> [String] {
        guard var components = URLComponents(string: url) else { return [url] }
        let defaultPort = components.scheme == "https" ? 443 : 80
        if components.port == nil {
            components.port = defaultPort
            return [url, components.string ?? url]
        }
        if components.port == defaultPort {
            components.port = nil
            return [url, components.string ?? url]
        }
        return [url]
    }
}
