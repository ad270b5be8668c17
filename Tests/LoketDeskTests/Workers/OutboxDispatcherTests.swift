import Foundation
import LoketCore
import LoketDesk
import LoketSQLite
import LoketStore
import Testing

/// A platform that answers with the failures it is given, then accepts; it records what it accepted.
final class ScriptedPlatform: ReplySender, @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [DeliveryError]
    private(set) var accepted: [String] = []

    init(failures: [DeliveryError] = []) {
        self.failures = failures
    }

    func send(_ entry: OutboxEntry) async throws -> String? {
        try self.lock.withLock {
            if !self.failures.isEmpty { throw self.failures.removeFirst() }
            self.accepted.append(entry.reply.text)
        }
        return "wamid.\(entry.id)"
    }
}

@Suite struct OutboxDispatcherTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-outbox-\(UUID().uuidString)")
    let now = TranscriptRunner.defaultClock

    func storeWithReplies(_ texts: [String]) async throws -> SQLiteStore {
        let store = try SQLiteStore(path: self.folder.appendingPathComponent("loket.sqlite").path)
        for (index, text) in texts.enumerated() {
            let request = CommitRequest(address: "+6285712345678", inbound: InboundMessage(id: "m\(index)", from: "+6285712345678"), receivedAt: self.now)
            _ = try await store.commit(request) { state, sequence in
                var commit = Commit(state: state)
                commit.outbox = [OutboxEntry(id: "\(sequence)-1", recipient: state.address, reply: Reply(text: text), inReplyTo: "m\(index)", createdAt: self.now)]
                return (commit, 0)
            }
        }
        return store
    }

    @Test func deliversInOrder() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let platform = ScriptedPlatform()
        let dispatcher = OutboxDispatcher(store: try await self.storeWithReplies(["satu", "dua", "tiga"]), sender: platform)
        #expect(try await dispatcher.deliverDue(at: self.now) == 3)
        #expect(platform.accepted == ["satu", "dua", "tiga"])
        #expect(try await dispatcher.deliverDue(at: self.now) == 0)
    }

    @Test func aFailureHoldsBackTheCitizensLaterRepliesUntilTheRetry() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let platform = ScriptedPlatform(failures: [DeliveryError(permanent: false, reason: "503")])
        let dispatcher = OutboxDispatcher(store: try await self.storeWithReplies(["satu", "dua"]), sender: platform, jitter: { 1 })
        #expect(try await dispatcher.deliverDue(at: self.now) == 0)
        #expect(platform.accepted.isEmpty)
        // The first retry comes after the base delay (2 s with full jitter at its ceiling).
        #expect(try await dispatcher.deliverDue(at: self.now.addingTimeInterval(1)) == 0)
        #expect(try await dispatcher.deliverDue(at: self.now.addingTimeInterval(3)) == 2)
        #expect(platform.accepted == ["satu", "dua"])
    }

    @Test func aReplyThePlatformMayHaveWaitsForItsStatusBeforeItIsSentAgain() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let store = try await self.storeWithReplies(["satu"])
        let platform = ScriptedPlatform(failures: [DeliveryError(permanent: false, reason: "timeout", inDoubt: true)])
        let dispatcher = OutboxDispatcher(store: store, sender: platform, jitter: { 1 })
        #expect(try await dispatcher.deliverDue(at: self.now) == 0)
        // Not after the usual 2 s: the platform's "sent" status may still come and mark it delivered.
        #expect(try await dispatcher.deliverDue(at: self.now.addingTimeInterval(30)) == 0)
        #expect(try await dispatcher.deliverDue(at: self.now.addingTimeInterval(61)) == 1)
        #expect(platform.accepted == ["satu"])
    }

    @Test func aPermanentFailureIsDeadLetteredAndCanBeRetriedByHand() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let store = try await self.storeWithReplies(["satu"])
        let platform = ScriptedPlatform(failures: [DeliveryError(permanent: true, reason: "131026 recipient cannot be reached")])
        let dispatcher = OutboxDispatcher(store: store, sender: platform)
        _ = try await dispatcher.deliverDue(at: self.now)
        let dead = try await store.deadLetters(limit: 10)
        #expect(dead.map(\.lastError) == ["131026 recipient cannot be reached"])
        #expect(try await store.retryDeadLetter(id: dead[0].id, at: self.now))
        #expect(try await dispatcher.deliverDue(at: self.now) == 1)
        #expect(platform.accepted == ["satu"])
    }

    @Test(arguments: [(1, 2.0), (2, 4.0), (3, 8.0), (10, 600.0)])
    func backoffDoublesUpToTheCap(attempts: Int, ceiling: TimeInterval) {
        let policy = RetryPolicy(base: 2, cap: 600, maxAttempts: 12)
        let moment = Date(timeIntervalSince1970: 0)
        #expect(policy.retryAt(after: attempts, from: moment, jitter: 1) == moment.addingTimeInterval(ceiling))
        #expect(policy.retryAt(after: attempts, from: moment, jitter: 0) == moment.addingTimeInterval(0.5))
    }

    @Test func givesUpAfterTheLastAttempt() {
        #expect(RetryPolicy(maxAttempts: 3).retryAt(after: 3, from: Date(), jitter: 0.5) == nil)
    }
}
