import Foundation

/// `application/x-www-form-urlencoded`, as Twilio's webhooks and the console's forms send it.
package enum URLEncodedForm {
    /// Decodes `application/x-www-form-urlencoded` into ordered name–value pairs.
    /// - Throws: ``WebhookParseError`` for a body that is not a form.
    package static func fields(_ body: Data) throws -> [(String, String)] {
        guard let text = String(data: body, encoding: .utf8) else { throw WebhookParseError(description: "the form is not UTF-8") }
        guard !text.isEmpty else { return [] }
        return try text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 || (parts.count == 1 && !parts[0].isEmpty) else { throw WebhookParseError(description: "malformed form field") }
            func decode(_ part: Substring) throws -> String {
                guard let value = part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw WebhookParseError(description: "malformed percent-encoding")
                }
                return value
            }
            return (try decode(parts[0]), parts.count == 2 ? try decode(parts[1]) : "")
        }
    }
}
