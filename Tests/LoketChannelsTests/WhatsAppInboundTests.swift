import Foundation
import LoketChannels
import LoketCore
import Testing

@Suite struct WhatsAppInboundTests {
    static func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    @Test func checksTheSignatureOfARealDelivery() throws {
        let body = try Self.fixture("text_signed_raw")
        let header = "sha256=54edfa1d7259e0eb13c677cc7d73d1b5c86cfa12433d19156e058ab9251bc441"
        #expect(WebhookSignature.isValid(header, body: body, secret: "1222e786b144d0e85b9f365372d93676"))
        #expect(!WebhookSignature.isValid(header, body: body, secret: "another secret"))
        #expect(!WebhookSignature.isValid(header, body: body + Data(" ".utf8), secret: "1222e786b144d0e85b9f365372d93676"))
        #expect(!WebhookSignature.isValid(nil, body: body, secret: "1222e786b144d0e85b9f365372d93676"))
        #expect(!WebhookSignature.isValid("sha256=zz", body: body, secret: "1222e786b144d0e85b9f365372d93676"))
        #expect(WebhookSignature.sign(body, secret: "1222e786b144d0e85b9f365372d93676") == header)
    }

    @Test func readsAText() throws {
        let delivery = try WhatsAppInbound.parse(try Self.fixture("text_signed_raw"))
        let message = try #require(delivery.messages.first)
        #expect(message.message.from == "+972544401243")
        #expect(message.message.text == "Hey there! I am using PyWa.")
        #expect(message.message.profileName == "PyWa Tests")
        #expect(message.sentAt == Date(timeIntervalSince1970: 1_730_231_903))
    }

    @Test(arguments: [
        ("image", LoketCore.Attachment.Kind.image),
        ("document", .document),
        ("audio", .audio),
        ("audio_voice", .audio),
        ("video", .video),
        ("sticker_static", .sticker),
        ("sticker_animated", .sticker),
        ("location_current", .location),
        ("location_named", .location),
        ("contacts", .contacts),
        ("unsupported", .unsupported),
        ("unsupported_with_type", .unsupported),
    ])
    func readsEveryKindOfMedia(fixture: String, kind: LoketCore.Attachment.Kind) throws {
        let message = try #require(try WhatsAppInbound.parse(try Self.fixture(fixture)).messages.first?.message)
        #expect(message.attachments.map(\.kind) == [kind])
    }

    @Test func keepsTheMediaIDToFetchTheBytes() throws {
        let message = try #require(try WhatsAppInbound.parse(try Self.fixture("document")).messages.first?.message)
        #expect(message.attachments.first?.reference?.hasPrefix("whatsapp:") == true)
        #expect(message.attachments.first?.filename != nil)
    }

    @Test(arguments: ["interactive_button_reply", "interactive_list_reply", "interactive_list_reply_description", "button_template_quick_reply"])
    func readsTapsAsButtons(fixture: String) throws {
        let message = try #require(try WhatsAppInbound.parse(try Self.fixture(fixture)).messages.first?.message)
        #expect(message.button != nil)
    }

    @Test(arguments: ["reaction", "reaction_removed", "system_user_changed_number", "system_identity_changed"])
    func ignoresWhatIsNotACitizensTurn(fixture: String) throws {
        #expect(try WhatsAppInbound.parse(try Self.fixture(fixture)).messages.isEmpty)
    }

    @Test(arguments: ["status_sent", "status_delivered", "status_read", "status_failed"])
    func readsStatuses(fixture: String) throws {
        let delivery = try WhatsAppInbound.parse(try Self.fixture(fixture))
        #expect(delivery.messages.isEmpty)
        #expect(delivery.statuses.count == 1)
    }

    @Test func aStatusBringsBackTheReferenceSentWithTheReply() throws {
        let status = try #require(try WhatsAppInbound.parse(try Self.fixture("status_sent_biz_opaque_callback_data")).statuses.first)
        #expect(status.reference == "some data")
        #expect(status.acceptedByPlatform)
        let failed = try #require(try WhatsAppInbound.parse(try Self.fixture("status_failed")).statuses.first)
        #expect(!failed.acceptedByPlatform)
    }

    @Test func refusesSomethingElse() {
        #expect(throws: WebhookParseError.self) { try WhatsAppInbound.parse(Data("{\"hello\":1}".utf8)) }
        #expect(throws: WebhookParseError.self) { try WhatsAppInbound.parse(Data("not json".utf8)) }
    }
}
