import Foundation
import LoketCore
import Testing

/// Live handover of a `talk_to_officer` case, event by event.
@Suite struct HandoverTests {
    var machine = ConversationStateMachineTests()

    /// A citizen's request for a person, queued as a case; returns its id.
    mutating func queuedRequest() throws -> String {
        _ = self.machine.say("mau bicara dengan petugas")
        _ = self.machine.say("tagihan saya dobel bulan ini")
        let submitted = self.machine.send("ya kirim")
        return try #require(submitted.compactMap { if case .recordCase(let file) = $0 { file.id } else { nil } }.first)
    }

    mutating func decide(_ decision: OfficerDecision, on caseID: String, by officer: String = "sari", after seconds: TimeInterval = 60) -> [ConversationAction] {
        self.machine.machine.officerDecided(caseID: caseID, decision: decision, officer: officer, context: self.machine.context(after: seconds))
    }

    static func refusal(_ actions: [ConversationAction]) -> String? {
        actions.compactMap { if case .refuse(let reason) = $0 { reason } else { nil } }.first
    }

    @Test mutating func theBotIsSilentWhileAnOfficerHasTheConversation() throws {
        let id = try self.queuedRequest()
        #expect(ConversationStateMachineTests.texts(self.decide(.takeOver, on: id)).first?.contains("sari") == true)
        #expect(self.machine.send("halo bu, jadi gimana?").isEmpty)
        #expect(Self.refusal(self.decide(.say("Saya cek dulu ya"), on: id, by: "budi")) != nil)
        #expect(Self.refusal(self.decide(.takeOver, on: id, by: "budi")) != nil)
        #expect(ConversationStateMachineTests.texts(self.decide(.say("Saya cek dulu ya"), on: id)).first?.contains("Saya cek dulu ya") == true)
        #expect(ConversationStateMachineTests.texts(self.decide(.handBack, on: id)).first?.contains("selesai") == true)
        #expect(self.machine.machine.state.handover == nil)
        #expect(self.machine.machine.state.cases.first { $0.id == id }?.state == .done)
        #expect(!ConversationStateMachineTests.texts(self.machine.send("menu")).isEmpty)
    }

    @Test mutating func aConversationIsTakenOverInOfficeHoursOnly() throws {
        let id = try self.queuedRequest()
        // Monday 09:15 plus eight hours is 17:15, after the office closes.
        #expect(Self.refusal(self.decide(.takeOver, on: id, after: 8 * 3600)) == "a conversation is taken over in office hours only")
        #expect(self.machine.machine.state.handover == nil)
    }

    @Test mutating func speakingAndHandingBackNeedATakeOver() throws {
        let id = try self.queuedRequest()
        #expect(Self.refusal(self.decide(.handBack, on: id)) != nil)
        #expect(Self.refusal(self.decide(.say("halo"), on: id)) != nil)
    }

    @Test mutating func aClaimLapsesWhenItsOfficerStopsActing() throws {
        let id = try self.queuedRequest()
        #expect(Self.refusal(self.decide(.claim, on: id, by: "sari", after: 60)) == nil)
        #expect(Self.refusal(self.decide(.claim, on: id, by: "budi", after: 120)) != nil)
        #expect(Self.refusal(self.decide(.reply("Sedang kami cek"), on: id, by: "sari", after: 3600)) == nil)
        // Two hours after Sari last wrote, the claim has lapsed and Budi may take the case.
        #expect(Self.refusal(self.decide(.claim, on: id, by: "budi", after: 3600 + 2 * 3600 + 60)) == nil)
        #expect(self.machine.machine.state.cases.first { $0.id == id }?.claimedBy == "budi")
    }
}
