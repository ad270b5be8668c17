import GRDB
import Synchronization

/// Writes grouped into shared transactions ("group commit"): the writes that arrive while one transaction is
/// being made durable go together into the next, so that one `fsync` serves all of them instead of one each.
///
/// Each write runs in a savepoint of its own: one that throws changes nothing and the others still commit. Its
/// caller hears the outcome only once the whole transaction is durable, so a webhook is still answered 200 only
/// after its event is on disk. Writes run in the order they arrived, which keeps one citizen's events in order.
final class GroupedWriter: Sendable {
    private struct Pending: Sendable {
        let work: @Sendable (Database) throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct Queue {
        var pending: [Pending] = []
        /// Whether a task is writing; it takes what arrives meanwhile into its next transaction.
        var writing = false
    }

    private let database: DatabasePool
    private let queue = Mutex(Queue())
    /// The most writes in one transaction, so that a long queue still commits (and answers) in steps.
    private static let largestGroup = 256

    init(database: DatabasePool) {
        self.database = database
    }

    /// Runs `work` in the next shared transaction and returns its result once that transaction is committed.
    /// - Throws: what `work` threw (its changes are undone), or the error that kept the transaction from committing.
    func write<Value: Sendable>(_ work: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        let value = try await withCheckedThrowingContinuation { continuation in
            let startsWriting = self.queue.withLock { queue in
                queue.pending.append(Pending(work: { try work($0) }, continuation: continuation))
                defer { queue.writing = true }
                return !queue.writing
            }
            if startsWriting { Task { await self.writeUntilEmpty() } }
        }
        // The value is the one `work` returned, so the cast cannot fail.
        return value as! Value
    }

    private func writeUntilEmpty() async {
        while true {
            let group = self.queue.withLock { queue in
                let group = Array(queue.pending.prefix(Self.largestGroup))
                queue.pending.removeFirst(group.count)
                if group.isEmpty { queue.writing = false }
                return group
            }
            guard !group.isEmpty else { return }
            do {
                let outcomes = try await self.database.write { db in
                    group.map { pending in
                        Result<any Sendable, any Error> {
                            var value: (any Sendable)?
                            try db.inSavepoint {
                                value = try pending.work(db)
                                return .commit
                            }
                            // The savepoint is released only after the work returned its value.
                            return value!
                        }
                    }
                }
                for (pending, outcome) in zip(group, outcomes) { pending.continuation.resume(with: outcome) }
            } catch {
                for pending in group { pending.continuation.resume(throwing: error) }
            }
        }
    }
}
