import LoketStore

/// Delivers one reply to a citizen's channel (WhatsApp, Twilio, a webhook, the terminal).
package protocol ReplySender: Sendable {
    /// Sends the entry; its `id` is the idempotency key a channel may use to drop a repeat.
    /// - Returns: the platform's id of the message, when it gives one (status callbacks refer to it).
    /// - Throws: ``DeliveryError``: retryable unless it says it is permanent.
    func send(_ entry: OutboxEntry) async throws -> String?
}

/// Why a delivery failed, and whether trying again can help.
package struct DeliveryError: Error, CustomStringConvertible {
    /// A refusal that will not change (an unknown recipient, a malformed message): dead-lettered at once.
    package var permanent: Bool
    package var reason: String
    /// No answer came, but the platform may have the reply: it is sent again only after the platform had time to
    /// report it sent (which marks it delivered).
    package var inDoubt: Bool

    package init(permanent: Bool, reason: String, inDoubt: Bool = false) {
        self.permanent = permanent
        self.reason = reason
        self.inDoubt = inDoubt
    }

    package var description: String { self.reason }
}
