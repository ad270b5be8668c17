import Foundation

/// Exponential backoff with full jitter, and when to give up.
package struct RetryPolicy: Sendable {
    /// The delay after the first failure.
    package var base: TimeInterval
    /// No delay grows beyond this.
    package var cap: TimeInterval
    /// Failures after which a delivery is dead-lettered.
    package var maxAttempts: Int

    package init(base: TimeInterval = 2, cap: TimeInterval = 600, maxAttempts: Int = 8) {
        self.base = base
        self.cap = cap
        self.maxAttempts = maxAttempts
    }

    /// When to try again after `attempts` failures, or nil to give up.
    ///
    /// - Parameter jitter: a number in 0...1; the delay is that share of the exponential ceiling ("full jitter"),
    ///   so many failing deliveries do not retry in lockstep.
    package func retryAt(after attempts: Int, from moment: Date, jitter: Double) -> Date? {
        guard attempts < self.maxAttempts else { return nil }
        let ceiling = min(self.cap, self.base * pow(2, Double(attempts - 1)))
        return moment.addingTimeInterval(max(0.5, ceiling * min(1, max(0, jitter))))
    }
}
