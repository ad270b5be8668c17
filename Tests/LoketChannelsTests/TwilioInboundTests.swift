import Foundation
import LoketChannels
import LoketCore
import Testing

@Suite struct TwilioInboundTests {
    static func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    @Test(arguments: [("twilio_text", "lEtfwkzsomWEFruDvpov58nP7PI="), ("twilio_image", "AXwk3hVCQjzTXT8tfjAlFjuF8QE=")])
    func checksSignaturesTheWayTwilioComputesThem(fixture: String, signature: String) throws {
        let fields = try URLEncodedForm.fields(try Self.fixture(fixture))
        let url = "https://gateway.example.org/webhooks/twilio"
        #expect(TwilioSignature.sign(url: url, parameters: fields, authToken: "test-auth-token") == signature)
        #expect(TwilioSignature.isValid(signature, url: url, parameters: fields, authToken: "test-auth-token"))
        #expect(TwilioSignature.isValid(signature, url: "https://gateway.example.org:443/webhooks/twilio", parameters: fields, authToken: "test-auth-token"))
        #expect(!TwilioSignature.isValid(signature, url: url, parameters: fields, authToken: "another-token"))
        #expect(!TwilioSignature.isValid(nil, url: url, parameters: fields, authToken: "test-auth-token"))
    }

    @Test func matchesTwiliosOwnVector() {
        let parameters = [("CallSid", "CA1234567890ABCDE"), ("Caller", "+14158675309"), ("Digits", "1234"), ("From", "+14158675309"), ("To", "+18005551212")]
        #expect(TwilioSignature.sign(url: "https://mycompany.com/myapp.php?foo=1&bar=2", parameters: parameters, authToken: "12345") == "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
    }

    @Test func readsTextMediaButtonsAndLocation() throws {
        let text = try #require(try TwilioInbound.message(URLEncodedForm.fields(Self.fixture("twilio_text"))))
        #expect(text.from == "+491511234567")
        #expect(text.text == "Hello")
        #expect(text.channel == "twilio")
        let image = try #require(try TwilioInbound.message(URLEncodedForm.fields(Self.fixture("twilio_image"))))
        #expect(image.attachments.map(\.kind) == [.image])
        #expect(image.attachments.first?.reference?.hasPrefix("https://") == true)
        let tap = try #require(try TwilioInbound.message(URLEncodedForm.fields(Self.fixture("twilio_quick_reply"))))
        #expect(tap.button != nil)
        let place = try #require(try TwilioInbound.message(URLEncodedForm.fields(Self.fixture("twilio_location"))))
        #expect(place.attachments.map(\.kind) == [.location])
    }

    @Test func aStatusCallbackIsNoMessage() throws {
        #expect(try TwilioInbound.message(URLEncodedForm.fields(Self.fixture("twilio_status_delivered"))) == nil)
    }

    @Test func refusesABrokenForm() {
        #expect(throws: WebhookParseError.self) { try TwilioInbound.message([("Body", "halo")]) }
        #expect(throws: WebhookParseError.self) { try URLEncodedForm.fields(Data("a=%zz".utf8)) }
    }
}
