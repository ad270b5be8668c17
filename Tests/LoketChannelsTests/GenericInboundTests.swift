import Foundation
import LoketChannels
import LoketCore
import Testing

@Suite struct GenericInboundTests {
    @Test func readsTheContractShape() throws {
        let body = #"{"id":"msg-1","from":"+6281234567890","name":"Budi","text":"halo","attachments":[{"type":"image","url":"http://127.0.0.1/ktp.jpg","mime_type":"image/jpeg","filename":"ktp.jpg"}],"button":"yes","timestamp":"2026-03-02T09:15:00+07:00"}"#
        let parsed = try GenericInbound.parse(Data(body.utf8))
        #expect(parsed.message.id == "msg-1")
        #expect(parsed.message.from == "+6281234567890")
        #expect(parsed.message.attachments.map(\.kind) == [.image])
        #expect(parsed.message.button == "yes")
        #expect(parsed.sentAt == ISO8601DateFormatter().date(from: "2026-03-02T09:15:00+07:00"))
    }

    @Test(arguments: [
        #"{"from":"+6281234567890","text":"halo"}"#,
        #"{"id":"m","from":"12345","text":"halo"}"#,
        #"{"id":"m","from":"+6281234567890","attachments":[{"type":"hologram"}]}"#,
        "[]",
    ])
    func refusesWhatIsWrong(body: String) {
        #expect(throws: WebhookParseError.self) { try GenericInbound.parse(Data(body.utf8)) }
    }
}
