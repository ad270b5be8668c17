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

    package init(permanent: Bool, reason: String) {
        self.permanent = permanent
        self.reason = reason
    }

    package var description: String { self.reason }
}
