import Foundation

/// What the metrics show about the store; no personal data, only counts and ages.
package struct StoreStatistics: Equatable, Sendable {
    /// Replies waiting to be delivered.
    package var outboxPending: Int
    /// Seconds the oldest waiting reply has waited; 0 when none waits.
    package var oldestPendingSeconds: Double
    package var deadLetters: Int
    /// Case state (raw value) → count.
    package var casesByState: [String: Int]

    package init(outboxPending: Int, oldestPendingSeconds: Double, deadLetters: Int, casesByState: [String: Int]) {
        self.outboxPending = outboxPending
        self.oldestPendingSeconds = oldestPendingSeconds
        self.deadLetters = deadLetters
        self.casesByState = casesByState
    }
}
