import Foundation
import LoketCore

/// Which cases an officer's queue shows. Open cases waiting for an officer (`queued`, `claimed`) unless a state
/// is named.
package struct QueueFilter: Equatable, Sendable {
    package var service: Intent?
    package var state: CaseState?
    /// Only cases claimed by this officer.
    package var claimedBy: String?

    package init(service: Intent? = nil, state: CaseState? = nil, claimedBy: String? = nil) {
        self.service = service
        self.state = state
        self.claimedBy = claimedBy
    }

    /// The states the queue shows.
    package var states: [CaseState] {
        if let state = self.state { return [state] }
        return self.claimedBy == nil ? [.queued, .claimed] : [.claimed]
    }
}

/// The counts above the queue.
package struct QueueCounts: Equatable, Sendable {
    /// Cases the filter matches.
    package var total: Int
    /// Of those, cases past their due time.
    package var overdue: Int

    package init(total: Int, overdue: Int) {
        self.total = total
        self.overdue = overdue
    }
}

/// A citizen's message as stored, with the time Loket received it.
package struct ReceivedMessage: Equatable, Sendable {
    package var message: InboundMessage
    package var receivedAt: Date

    package init(message: InboundMessage, receivedAt: Date) {
        self.message = message
        self.receivedAt = receivedAt
    }
}

/// A signed-in console session. The browser holds the token; the store keeps only its hash.
package struct OfficerSession: Codable, Equatable, Sendable {
    package var tokenHash: String
    package var officer: String
    /// The token every form of this session must carry.
    package var csrfToken: String
    package var expiresAt: Date

    package init(tokenHash: String, officer: String, csrfToken: String, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.officer = officer
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}
