import Foundation
import LoketCore
import Testing

/// The machine driven event by event, as the runtime would, with a directory answered in the test.
@Suite struct ConversationStateMachineTests {
    static let siti = Participant(
        nik: "3171015708900002", name: "Siti Rahma", birthDate: CalendarDate(year: 1990, month: 8, day: 17)!,
        status: .nonaktif, reason: .tunggakan, careClass: 3, arrearsMonths: 3, phone: "+6281234567890",
        card: "0001234567890", kk: "3171010101100001", faskes: "Puskesmas Menteng")
    static let monday = ISO8601DateFormatter().date(from: "2026-03-02T09:15:00+07:00")!

    var machine = ConversationStateMachine(state: ConversationState(address: "+6285712345678"), environment: ProjectConfiguration.environment)
    var sequence = 0

    mutating func context(after seconds: TimeInterval = 0) -> EventContext {
        self.sequence += 1
        return EventContext(now: Self.monday.addingTimeInterval(seconds), sequence: self.sequence)
    }

    mutating func send(_ text: String? = nil, attachment: LoketCore.Attachment? = nil, button: String? = nil) -> [ConversationAction] {
        self.sequence += 1
        let message = InboundMessage(id: "m\(self.sequence)", from: "+6285712345678", text: text, attachments: attachment.map { [$0] } ?? [], button: button)
        return self.machine.messageReceived(message, context: self.context())
    }

    /// Sends a message and answers a directory lookup the way the runtime does.
    mutating func say(_ text: String) -> [String] {
        var actions = self.send(text)
        if case .lookUpParticipant(let nik)? = actions.last {
            let record = nik == Self.siti.nik ? DirectoryRecord(participant: Self.siti, family: [Self.siti]) : nil
            actions = self.machine.participantLookedUp(record, context: self.context())
        }
        return Self.texts(actions)
    }

    static func texts(_ actions: [ConversationAction]) -> [String] {
        actions.compactMap { if case .send(let reply) = $0 { reply.text } else { nil } }
    }

    static let photo = LoketCore.Attachment(kind: .image, filename: "foto.jpg", mimeType: "image/jpeg")

    @Test mutating func reactivationOpensAQueuedCaseWithTheArrearsAmount() throws {
        #expect(self.say("kartu bpjs saya nonaktif, mau aktifkan lagi").last?.contains("NIK") == true)
        #expect(self.send("3171015708900002") == [ConversationAction.lookUpParticipant(nik: "3171015708900002")])
        let afterLookup = Self.texts(self.machine.participantLookedUp(DirectoryRecord(participant: Self.siti, family: [Self.siti]), context: self.context()))
        #expect(afterLookup.first?.contains("3171********0002") == true)
        #expect(self.say("17-08-1990").first?.contains("Rp140.000") == true)
        #expect(self.say("ya").first?.contains("foto KTP") == true)
        #expect(Self.texts(self.send(attachment: Self.photo)).first?.contains("Kartu Keluarga") == true)
        #expect(Self.texts(self.send(attachment: Self.photo)).first?.contains("swafoto") == true)
        #expect(Self.texts(self.send(attachment: Self.photo)).first?.contains("ringkasan") == true)
        let submitted = self.send("ya kirim")
        let file = try #require(submitted.compactMap { if case .recordCase(let file) = $0 { file } else { nil } }.first)
        #expect(file.state == CaseState.queued)
        #expect(file.service == Intent.reactivate)
        #expect(file.amountDue == 140_000)
        #expect(file.documents.count == 3)
        #expect(Self.texts(submitted).first?.contains(file.id) == true)
        #expect(self.machine.state.phase == .idle)
    }

    @Test mutating func aBirthDateThatOvertakesTheLookupIsKeptForItsAnswer() {
        _ = self.say("kartu bpjs saya nonaktif, mau aktifkan lagi")
        #expect(self.send("3171015708900002") == [ConversationAction.lookUpParticipant(nik: "3171015708900002")])
        // The birth date arrives before the directory answered (on another instance, say): it is acknowledged, and
        // the lookup already on its way is not asked for twice.
        let meanwhile = self.send("17-08-1990")
        #expect(Self.texts(meanwhile).count == 1)
        #expect(Self.texts(meanwhile).first?.contains("3171********0002 sedang kami periksa") == true)
        #expect(!meanwhile.contains(.lookUpParticipant(nik: "3171015708900002")))
        let answered = Self.texts(self.machine.participantLookedUp(DirectoryRecord(participant: Self.siti, family: [Self.siti]), context: self.context()))
        #expect(answered.first?.contains("Rp140.000") == true)
    }

    @Test mutating func aLookupThatNeverAnsweredIsAskedAgainByTheNextMessage() {
        _ = self.say("kartu bpjs saya nonaktif, mau aktifkan lagi")
        _ = self.send("3171015708900002")
        // The runtime stopped before asking the directory; the citizen writes again a minute later.
        self.sequence += 1
        let later = InboundMessage(id: "m\(self.sequence)", from: "+6285712345678", text: "17-08-1990")
        #expect(self.machine.messageReceived(later, context: self.context(after: 60)) == [.lookUpParticipant(nik: "3171015708900002")])
        let answered = Self.texts(self.machine.participantLookedUp(DirectoryRecord(participant: Self.siti, family: [Self.siti]), context: self.context(after: 61)))
        #expect(answered.first?.contains("Rp140.000") == true)
    }

    @Test(arguments: [
        ("317101570890000", "15 angka"),
        ("3171O15708900002", "tanpa huruf"),
        ("0015015708900002", "bukan NIK yang valid"),
    ])
    mutating func aWrongNIKIsExplainedOnce(text: String, explanation: String) {
        _ = self.say("mau aktifkan kembali kartu bpjs")
        let replies = self.say(text)
        #expect(replies.count == 1)
        #expect(replies.first?.contains(explanation) == true)
    }

    @Test mutating func anImpossibleDateIsExplained() {
        _ = self.say("mau aktifkan kembali kartu bpjs")
        _ = self.say("3171015708900002")
        #expect(self.say("31-02-1990") == [
            "Tanggal 31-02-1990 tidak ada di kalender. Mohon periksa lagi dan kirim tanggal yang benar, contoh: 17-08-1990."
        ])
    }

    @Test mutating func threeWrongBirthDatesLockIdentity() {
        _ = self.say("mau aktifkan kembali kartu bpjs")
        _ = self.say("3171015708900002")
        #expect(self.say("01-01-1990").first?.contains("sisa 2") == true)
        #expect(self.say("02-01-1990").first?.contains("sisa 1") == true)
        #expect(self.say("03-01-1990").first?.contains("kunci") == true)
        #expect(self.machine.state.identityLockedUntil != nil)
        #expect(self.say("mau aktifkan kembali kartu").first?.contains("kunci") == true)
    }

    @Test mutating func repeatedFailuresOfferAnOfficer() {
        _ = self.say("mau aktifkan kembali kartu bpjs")
        _ = self.say("123")
        _ = self.say("456")
        let send = self.send("789")
        guard case .send(let reply)? = send.first else {
            Issue.record("no reply")
            return
        }
        #expect(reply.buttons.map(\.id) == ["officer", "retry", "cancel"])
    }

    @Test mutating func aStickerKeepsThePlace() {
        _ = self.say("mau aktifkan kembali kartu bpjs")
        let before = self.machine.state.phase
        let replies = Self.texts(self.send(attachment: LoketCore.Attachment(kind: .sticker)))
        #expect(replies.count == 1)
        #expect(replies.first?.contains("NIK") == true)
        #expect(self.machine.state.phase == before)
    }

    @Test mutating func aSharedOTPIsWarnedAbout() {
        #expect(self.say("kode otp saya 482913 min").first?.contains("Jangan bagikan kode OTP") == true)
    }

    @Test mutating func anAPKIsWarnedAbout() {
        let file = LoketCore.Attachment(kind: .document, filename: "Cek_Tagihan_BPJS.apk", mimeType: "application/vnd.android.package-archive")
        #expect(Self.texts(self.send(attachment: file)).first?.contains(".apk") == true)
    }

    @Test mutating func cancelEndsTheFlow() {
        _ = self.say("mau aktifkan kembali kartu bpjs")
        #expect(self.say("batal").first?.contains("dibatalkan") == true)
        #expect(self.machine.state.phase == .idle)
    }

    @Test mutating func aQuestionInPassingIsAnsweredWithoutLosingThePlace() {
        _ = self.say("mau aktifkan kembali kartu bpjs")
        let replies = self.say("berapa iurannya?")
        #expect(replies.count == 1)
        #expect(replies.first?.contains("Rp35.000") == true)
        #expect(replies.first?.contains("NIK") == true)
    }

    @Test mutating func emptyAndLongMessagesGetAPoliteReply() {
        #expect(self.say("   ").first?.contains("kosong") == true)
        #expect(self.say(String(repeating: "tolong ", count: 800)).count == 1)
    }
}

extension ConversationStateMachineTests {
    @Test mutating func aPhotoTooSmallToReadIsAskedForAgain() {
        _ = self.say("kartu bpjs saya nonaktif, mau aktifkan lagi")
        _ = self.say("3171015708900002")
        _ = self.say("17-08-1990")
        _ = self.say("ya")
        var thumbnail = Self.photo
        thumbnail.problem = .tooSmall
        let replies = Self.texts(self.send(attachment: thumbnail))
        #expect(replies.first?.contains("terlalu kecil") == true)
        #expect(replies.first?.contains("foto KTP") == true)
        // The real photo is then accepted as the KTP.
        #expect(Self.texts(self.send(attachment: Self.photo)).first?.contains("Kartu Keluarga") == true)
    }
}
