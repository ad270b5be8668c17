import Foundation
import LoketCore
import LoketDesk
import LoketSQLite
import LoketStore
import Testing

@Suite struct DeskTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-desk-\(UUID().uuidString)")
    var path: String { self.folder.appendingPathComponent("loket.sqlite").path }
    let now = TranscriptRunner.defaultClock

    func desk() async throws -> Desk {
        let desk = Desk(store: try SQLiteStore(path: self.path), environment: TranscriptTests.environment)
        try await desk.seedDirectory()
        return desk
    }

    @Test func aRedeliveredMessageIsIgnored() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let desk = try await self.desk()
        let message = InboundMessage(id: "wamid.1", from: "+6285712345678", text: "halo")
        let first = try await desk.receive(message, at: self.now)
        let again = try await desk.receive(message, at: self.now)
        #expect(first.replies.count == 1)
        #expect(again.duplicate)
        #expect(again.replies.isEmpty)
    }

    @Test func theConversationSurvivesARestart() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        _ = try await self.desk().receive(InboundMessage(id: "1", from: "+6285712345678", text: "mau aktifkan kembali kartu bpjs"), at: self.now)
        let reopened = try await self.desk()
        let outcome = try await reopened.receive(InboundMessage(id: "2", from: "+6285712345678", text: "3171015708900002"), at: self.now)
        #expect(outcome.replies.first?.reply.text.contains("tanggal lahir") == true)
    }

    /// A directory whose first lookup never returns an answer: the process dies there (here: an error the
    /// webhook answers with 5xx, so the platform delivers again).
    actor DyingOnFirstLookup: ParticipantDirectory {
        struct ProcessDied: Error {}
        let store: any Store
        var died = false

        init(store: any Store) {
            self.store = store
        }

        func record(nik: String) async throws -> DirectoryRecord? {
            if !self.died {
                self.died = true
                throw ProcessDied()
            }
            return try await self.store.directoryRecord(nik: nik)
        }
    }

    @Test func aRedeliveryFinishesTheLookupItsFirstDeliveryDiedBefore() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let store = try SQLiteStore(path: self.path)
        let desk = Desk(store: store, environment: TranscriptTests.environment, directory: DyingOnFirstLookup(store: store))
        try await desk.seedDirectory()
        _ = try await desk.receive(InboundMessage(id: "1", from: "+6285712345678", text: "mau aktifkan kembali kartu bpjs"), at: self.now)
        let nik = InboundMessage(id: "2", from: "+6285712345678", text: "3171015708900002")
        await #expect(throws: DyingOnFirstLookup.ProcessDied.self) { try await desk.receive(nik, at: self.now) }
        // The message was committed, so its redelivery is not handled again; but the lookup it asked for is done.
        let again = try await desk.receive(nik, at: self.now.addingTimeInterval(5))
        #expect(again.duplicate)
        #expect(again.replies.map(\.inReplyTo) == ["2"])
        #expect(again.replies.first?.reply.text.contains("tanggal lahir") == true)
        // A further redelivery finds nothing waiting and stays silent.
        #expect(try await desk.receive(nik, at: self.now.addingTimeInterval(10)).replies.isEmpty)
    }

    @Test func theLookupFinishedByAnEarlierMessagesRedeliveryRepliesToTheMessageThatAsked() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let store = try SQLiteStore(path: self.path)
        let desk = Desk(store: store, environment: TranscriptTests.environment, directory: DyingOnFirstLookup(store: store))
        try await desk.seedDirectory()
        let request = InboundMessage(id: "1", from: "+6285712345678", text: "mau aktifkan kembali kartu bpjs")
        _ = try await desk.receive(request, at: self.now)
        await #expect(throws: DyingOnFirstLookup.ProcessDied.self) {
            try await desk.receive(InboundMessage(id: "2", from: "+6285712345678", text: "3171015708900002"), at: self.now)
        }
        // The platform delivers the first message again before the second: it finishes the lookup the second asked for.
        let again = try await desk.receive(request, at: self.now.addingTimeInterval(5))
        #expect(again.duplicate)
        #expect(again.replies.map(\.inReplyTo) == ["2"])
        #expect(again.replies.first?.reply.text.contains("tanggal lahir") == true)
    }

    /// A core system that is down until the test says otherwise.
    actor CoreSystemOutage: ParticipantDirectory {
        let store: any Store
        var down = true

        init(store: any Store) {
            self.store = store
        }

        func recover() { self.down = false }

        func record(nik: String) async throws -> DirectoryRecord? {
            if self.down { throw DirectoryUnavailable(retryAfter: TranscriptRunner.defaultClock.addingTimeInterval(600), "down") }
            return try await self.store.directoryRecord(nik: nik)
        }
    }

    @Test func aCoreSystemThatIsDownIsExplainedAndAskedAgainOnTheNextMessage() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let store = try SQLiteStore(path: self.path)
        let outage = CoreSystemOutage(store: store)
        let desk = Desk(store: store, environment: TranscriptTests.environment, directory: outage)
        try await desk.seedDirectory()
        _ = try await desk.receive(InboundMessage(id: "1", from: "+6285712345678", text: "mau aktifkan kembali kartu bpjs"), at: self.now)
        let down = try await desk.receive(InboundMessage(id: "2", from: "+6285712345678", text: "3171015708900002"), at: self.now)
        #expect(down.replies.map(\.reply.text).joined().contains("gangguan"))
        await outage.recover()
        let later = try await desk.receive(InboundMessage(id: "3", from: "+6285712345678", text: "sudah bisa?"), at: self.now.addingTimeInterval(700))
        #expect(later.replies.map(\.reply.text).joined().contains("tanggal lahir"))
    }

    @Test func aPaymentForAnUnknownAccountIsRefused() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let outcome = try await self.desk().pay(Payment(virtualAccount: "8888800000000000", amount: 35_000, reference: "r1"), at: self.now)
        #expect(outcome.refusal != nil)
        #expect(outcome.replies.isEmpty)
    }

    @Test func aRepeatedPaymentReferenceIsAppliedOnce() async throws {
        defer { try? FileManager.default.removeItem(at: self.folder) }
        let desk = try await self.desk()
        let citizen = "+6285712345678"
        // Fitriani, registered and awaiting her first payment, gets her VA at once.
        for (index, text) in ["mau aktivasi kartu", "3374106503960003", "25-03-1996"].enumerated() {
            _ = try await desk.receive(InboundMessage(id: "m\(index)", from: citizen, text: text), at: self.now)
        }
        let bill = try #require(try await desk.store.conversation(address: citizen)?.cases.last)
        let va = try #require(bill.virtualAccount)
        let payment = Payment(virtualAccount: va, amount: 10_000, reference: "bank-42")
        let first = try await desk.pay(payment, at: self.now)
        let again = try await desk.pay(payment, at: self.now)
        #expect(first.replies.count == 1)
        #expect(again.duplicate)
        #expect(try await desk.store.caseFile(id: bill.id)?.amountPaid == 10_000)
    }
}
