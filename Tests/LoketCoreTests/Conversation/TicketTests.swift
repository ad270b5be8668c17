import Foundation
import LoketCore
import Testing

/// Ticket numbers are unique: they never wrap around, however many events a day has.
@Suite struct TicketTests {
    /// The ticket of a `talk_to_officer` request submitted after `events` earlier events.
    static func ticket(after events: Int) throws -> String {
        var machine = ConversationStateMachineTests()
        machine.sequence = events
        _ = machine.say("mau bicara dengan petugas")
        _ = machine.say("tagihan saya dobel bulan ini")
        let submitted = machine.send("ya kirim")
        return try #require(submitted.compactMap { if case .recordCase(let file) = $0 { file.id } else { nil } }.first)
    }

    @Test func ticketsTenThousandEventsApartDiffer() throws {
        let early = try Self.ticket(after: 300)
        let late = try Self.ticket(after: 10_300)
        #expect(early != late)
        #expect((Int(late.split(separator: "-").last ?? "") ?? 0) > 10_000)
    }
}
