import Foundation
import LoketCore

/// Where Loket keeps everything it knows. Every change happens inside one transaction, all or nothing.
package protocol Store: Sendable {
    /// Runs `body` in one write transaction; a thrown error rolls everything back.
    func transaction<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
}

/// The reads and writes available inside a transaction.
package protocol StoreTransaction {
    // MARK: Conversations

    func conversation(address: String) throws -> ConversationState?
    func save(_ conversation: ConversationState) throws

    /// Records an inbound message; false when its platform id was seen before (a redelivery).
    func recordInbound(_ message: InboundMessage, receivedAt: Date) throws -> Bool

    // MARK: Cases

    func save(_ file: CaseFile) throws
    func caseFile(id: String) throws -> CaseFile?
    /// The open case billed to a virtual account.
    func caseAwaitingPayment(virtualAccount: String) throws -> CaseFile?
    func cases(in states: [CaseState], limit: Int) throws -> [CaseFile]

    // MARK: Outbox

    func enqueue(_ entry: OutboxEntry) throws
    func pendingOutbox(limit: Int) throws -> [OutboxEntry]
    func markDelivered(_ id: String) throws

    // MARK: Timers

    func schedule(_ timer: ScheduledTimer) throws
    func cancelTimer(id: String) throws
    func dueTimers(at moment: Date) throws -> [ScheduledTimer]

    // MARK: Directory

    func participant(nik: String) throws -> Participant?
    func family(kk: String) throws -> [Participant]
    func save(_ participant: Participant) throws

    // MARK: Ids

    /// A number never returned before by this store.
    func nextSequence() throws -> Int
}
