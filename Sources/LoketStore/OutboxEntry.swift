import Foundation
import LoketCore

/// A reply waiting to be delivered, written in the same transaction as the state change that caused it.
package struct OutboxEntry: Codable, Equatable, Sendable {
    package enum Status: String, Codable, Sendable {
        case pending
        case delivered
    }

    /// Unique, and the idempotency key of the delivery.
    package var id: String
    /// The citizen's channel address.
    package var recipient: String
    package var reply: Reply
    /// The inbound message this answers, when there is one.
    package var inReplyTo: String?
    package var createdAt: Date
    package var status: Status

    package init(id: String, recipient: String, reply: Reply, inReplyTo: String?, createdAt: Date, status: Status = .pending) {
        self.id = id
        self.recipient = recipient
        self.reply = reply
        self.inReplyTo = inReplyTo
        self.createdAt = createdAt
        self.status = status
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
