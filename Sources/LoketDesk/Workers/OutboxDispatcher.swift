import Foundation
import LoketStore
import Logging

/// Delivers the outbox: at least once, in order per citizen, retried with backoff, dead-lettered at last.
///
/// Each pass leases the next due reply of every citizen, hands it to the sender, and records the result. A crash
/// after sending and before recording sends the reply again once its lease runs out, with the same idempotency key
/// (the generic gateway), unless the platform has told by then that it has it (WhatsApp's status webhooks bring the
/// outbox id back).
package struct OutboxDispatcher: Sendable {
    package let store: any Store
    package let sender: any ReplySender
    package var policy: RetryPolicy
    /// A number in 0...1 for each retry's jitter.
    package var jitter: @Sendable () -> Double
    /// How long a leased reply is kept from other dispatchers.
    package var leaseSeconds = 60
    /// How long a reply the platform may have taken without answering waits before it is sent again: long enough
    /// for the platform's status webhook to mark it delivered.
    package var inDoubtWait: TimeInterval = 60
    /// Replies leased at once. They go to different citizens and are sent side by side, so a slow platform cannot
    /// keep the last of them past its lease (when another dispatcher would send it a second time).
    package var batchSize = 16

    package init(
        store: any Store,
        sender: any ReplySender,
        policy: RetryPolicy = RetryPolicy(),
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.store = store
        self.sender = sender
        self.policy = policy
        self.jitter = jitter
    }

    /// One pass: delivers what is due at `now`; returns how many replies were delivered.
    @discardableResult
    package func deliverDue(at now: Date) async throws -> Int {
        var delivered = 0
        let started = ContinuousClock.now
        while true {
            // A long pass (a backlog of thousands) leases at the time it has reached, not the time it began: a lease
            // taken at a stale time would already have run out, and another dispatcher would send the reply again.
            let now = now.addingTimeInterval(started.duration(to: .now) / .seconds(1))
            let batch = try await self.store.leaseOutbox(now: now, limit: self.batchSize, leaseSeconds: self.leaseSeconds)
            guard !batch.isEmpty else { return delivered }
            let progressed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for entry in batch { group.addTask { try await self.deliver(entry, at: now) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            delivered += progressed
            // The next reply of a citizen becomes due once the previous one is delivered; a failed one waits.
            if progressed == 0 { return delivered }
        }
    }

    /// Sends one reply and records the outcome; true when the platform took it.
    private func deliver(_ entry: OutboxEntry, at now: Date) async throws -> Bool {
        do {
            let platformID = try await self.sender.send(entry)
            try await self.store.markDelivered(id: entry.id, at: now, platformID: platformID)
            return true
        } catch let error as DeliveryError {
            var retryAt = error.permanent ? nil : self.policy.retryAt(after: entry.attempts + 1, from: now, jitter: self.jitter())
            if error.inDoubt, let soonest = retryAt { retryAt = max(soonest, now.addingTimeInterval(self.inDoubtWait)) }
            try await self.store.markFailed(id: entry.id, error: error.reason, retryAt: retryAt)
        } catch {
            let retryAt = self.policy.retryAt(after: entry.attempts + 1, from: now, jitter: self.jitter())
            try await self.store.markFailed(id: entry.id, error: "\(error)", retryAt: retryAt)
        }
        return false
    }

    /// Delivers until the task is cancelled, checking every `interval`. A store that is away (a database restart)
    /// is retried on the next round; nothing is lost, since undelivered replies stay in the outbox.
    package func run(every interval: Duration = .milliseconds(500), logger: Logger, clock: @Sendable () -> Date = { Date() }) async {
        while !Task.isCancelled {
            do {
                try await self.deliverDue(at: clock())
            } catch {
                logger.warning("Outbox pass failed; retrying", metadata: ["error": "\(String(describing: type(of: error)))"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
