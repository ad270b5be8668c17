import Foundation
import LoketStore
import Logging

/// Fires due timers (payment reminders) as events of their conversations.
package struct TimerScheduler: Sendable {
    package let desk: Desk

    package init(desk: Desk) {
        self.desk = desk
    }

    /// Fires until the task is cancelled, checking every `interval`; a store that is away is retried.
    package func run(every interval: Duration = .seconds(5), logger: Logger, clock: @Sendable () -> Date = { Date() }) async {
        while !Task.isCancelled {
            do {
                _ = try await self.desk.fireDueTimers(at: clock())
            } catch {
                logger.warning("Timer pass failed; retrying", metadata: ["error": "\(String(describing: type(of: error)))"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
