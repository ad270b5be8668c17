import Foundation
import LoketCore

/// Which cases an officer's queue shows. Open cases waiting for an officer (`queued`, `claimed`) unless a state
/// is named.
package struct QueueFilter: Equatable, Sendable {
    package var service: Intent?
    package var state: CaseState?
    /// Only cases claimed by this officer.
    package var claimedBy: String?
    /// Only cases of this branch office.
    package var branch: String?

    package init(service: Intent? = nil, state: CaseState? = nil, claimedBy: String? = nil, branch: String? = nil) {
        self.service = service
        self.state = state
        self.claimedBy = claimedBy
        self.branch = branch
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

/// How many waiting cases of a service are of an age.
package struct BacklogCount: Equatable, Sendable {
    package enum Age: Int, Sendable, CaseIterable {
        case underOneDay, oneToThreeDays, overThreeDays
    }

    package var service: Intent
    package var age: Age
    package var count: Int

    package init(service: Intent, age: Age, count: Int) {
        self.service = service
        self.age = age
        self.count = count
    }

    /// The age of a case opened at `opened`, at `moment`.
    package static func age(opened: Date, at moment: Date) -> Age {
        switch moment.timeIntervalSince(opened) {
        case ..<86_400: .underOneDay
        case ..<(3 * 86_400): .oneToThreeDays
        default: .overThreeDays
        }
    }
}

extension [BacklogCount] {
    /// The counts of each service by age, every age present (zero when none).
    package func byService() -> [Intent: [BacklogCount.Age: Int]] {
        var table: [Intent: [BacklogCount.Age: Int]] = [:]
        for cell in self {
            var row = table[cell.service] ?? Dictionary(uniqueKeysWithValues: BacklogCount.Age.allCases.map { ($0, 0) })
            row[cell.age, default: 0] += cell.count
            table[cell.service] = row
        }
        return table
    }
}

/// How many decisions of a kind an officer took.
package struct DecisionCount: Equatable, Sendable {
    package var officer: String
    package var action: String
    package var count: Int

    package init(officer: String, action: String, count: Int) {
        self.officer = officer
        self.action = action
        self.count = count
    }
}
