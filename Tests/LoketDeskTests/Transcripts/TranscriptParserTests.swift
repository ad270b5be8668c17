import LoketCore
import LoketDesk
import Testing

@Suite struct TranscriptParserTests {
    @Test func readsEveryActor() throws {
        let transcript = try TranscriptParser.parse(
            """
            # a comment
            title: Example
            clock: 2026-03-02T09:15:00+07:00
            given participant: nik=3171015708900002 name="Siti Rahma" status=nonaktif arrears_months=3
            user: halo
            bot: ~NIK [buttons: Ya | Tidak]
            user: [image ktp.jpg]
            user(+6281111111111): [button yes]
            officer: reject blurry ktp
            payment: 8888801234567890 140000
            clock: +2h
            redeliver:
            case: queued reactivate
            participant: 3171015708900002 status=aktif
            """, path: "example.txt")
        #expect(transcript.title == "Example")
        #expect(transcript.steps.count == 12)
        #expect(transcript.steps[3].action == .bot(.init(text: .fragment("NIK"), buttons: ["Ya", "Tidak"])))
        #expect(transcript.steps[6].action == .officer(.reject(reason: "blurry", document: "ktp")))
        #expect(transcript.steps[8].action == .clockAdvance(7200))
        #expect(transcript.steps[10].action == .expectCase(.queued, .reactivate))
    }

    @Test func namesTheLineOfAMistake() {
        #expect(throws: TranscriptError(path: "bad.txt", line: 2, reason: "unknown actor 'robot'")) {
            try TranscriptParser.parse("user: halo\nrobot: hi", path: "bad.txt")
        }
    }
}
