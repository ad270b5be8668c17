import Foundation
import LoketCore

/// A reply waiting to be delivered, written in the same transaction as the state change that caused it.
package struct OutboxEntry: Codable, Equatable, Sendable {
    package enum Status: String, Codable, Sendable {
        case pending
        case delivered
        /// Gave up after repeated failures; visible, and can be retried by hand.
        case dead
    }

    /// Unique, and the idempotency key of the delivery.
    package var id: String
    /// The citizen's channel address.
    package var recipient: String
    package var reply: Reply
    /// The inbound message this answers, when there is one.
    package var inReplyTo: String?
    /// The channel to deliver through (`whatsapp`, `generic`, `web`); nil for the console.
    package var channel: String?
    package var createdAt: Date
    package var status: Status
    /// Failed delivery attempts so far.
    package var attempts: Int
    package var lastError: String?
    /// The platform's id of the delivered message (WhatsApp's wamid, Twilio's SID).
    package var platformID: String?
    /// The platform's latest status of it: `sent`, `delivered`, `read`, `failed` ….
    package var platformStatus: String?

    package init(id: String, recipient: String, reply: Reply, inReplyTo: String?, createdAt: Date) {
        self.id = id
        self.recipient = recipient
        self.reply = reply
        self.inReplyTo = inReplyTo
        self.createdAt = createdAt
        self.status = .pending
        self.attempts = 0
    }
}

/// A timer waiting for its time, owned by one conversation.
package struct ScheduledTimer: Codable, Equatable, Sendable {
    package var timer: ConversationTimer
    package var address: String

    package init(timer: ConversationTimer, address: String) {
        self.timer = timer
        self.address = address
    }
}

/// Why the store could not do what was asked, named so an operator can act.
package struct StoreError: Error, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// The database could not be opened or reached.
        case unavailable
        /// The database is not one Loket can use (corrupt, or a newer schema).
        case unusable
        /// A stored value could not be read back.
        case corruptValue
    }

    package var code: Code
    package var detail: String

    package init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    package var description: String { "\(self.code.rawValue): \(self.detail)" }
}
