import Foundation
import LoketStore
import Logging

/// Delivers the outbox: at least once, in order per citizen, retried with backoff, dead-lettered at last.
///
/// Each pass leases the next due reply of every citizen, hands it to the sender, and records the result. A crash
/// after sending and before recording sends the reply again on restart, with the same idempotency key.
package struct OutboxDispatcher: Sendable {
    package let store: any Store
    package let sender: any ReplySender
    package var policy: RetryPolicy
    /// A number in 0...1 for each retry's jitter.
    package var jitter: @Sendable () -> Double
    /// How long a leased reply is kept from other dispatchers.
    package var leaseSeconds = 60

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
        while true {
            let batch = try await self.store.leaseOutbox(now: now, limit: 50, leaseSeconds: self.leaseSeconds)
            guard !batch.isEmpty else { return delivered }
            var progressed = false
            for entry in batch {
                do {
                    let platformID = try await self.sender.send(entry)
                    try await self.store.markDelivered(id: entry.id, at: now, platformID: platformID)
                    delivered += 1
                    progressed = true
                } catch let error as DeliveryError {
                    let retryAt = error.permanent ? nil : self.policy.retryAt(after: entry.attempts + 1, from: now, jitter: self.jitter())
                    try await self.store.markFailed(id: entry.id, error: error.reason, retryAt: retryAt)
                } catch {
                    let retryAt = self.policy.retryAt(after: entry.attempts + 1, from: now, jitter: self.jitter())
                    try await self.store.markFailed(id: entry.id, error: "\(error)", retryAt: retryAt)
                }
            }
            // The next reply of a citizen becomes due once the previous one is delivered; a failed one waits.
            if !progressed { return delivered }
        }
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
