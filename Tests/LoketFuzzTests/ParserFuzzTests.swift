import Foundation
import LoketChannels
import LoketCore
import LoketDesk
import Testing

/// Every parser of outside input, fed mutated inputs: it answers with its own error or a value that keeps its
/// promises, and never crashes. The corpus inputs themselves run first, so a finding added there stays a
/// regression test.
@Suite struct ParserFuzzTests {
    @Test func whatsAppWebhooks() throws {
        var fuzzer = Fuzzer("whatsapp")
        fuzzer.run(corpus: try Fuzzer.corpus("whatsapp")) { input in
            do {
                let delivery = try WhatsAppInbound.parse(Data(input))
                for (message, _) in delivery.messages where message.id.isEmpty || !message.from.dropFirst().allSatisfy(\.isNumber) {
                    throw PropertyViolation("a message without an id or a number to answer")
                }
            } catch is WebhookParseError {}
        }
    }

    @Test func twilioForms() throws {
        var fuzzer = Fuzzer("twilio")
        fuzzer.run(corpus: try Fuzzer.corpus("twilio")) { input in
            do {
                let fields = try URLEncodedForm.fields(Data(input))
                if let message = try TwilioInbound.message(fields), message.id.isEmpty || message.from.isEmpty {
                    throw PropertyViolation("a message without an id or a sender")
                }
            } catch is WebhookParseError {}
        }
    }

    @Test func genericWebhooks() throws {
        var fuzzer = Fuzzer("generic")
        fuzzer.run(corpus: try Fuzzer.corpus("generic")) { input in
            do {
                let parsed = try GenericInbound.parse(Data(input))
                if parsed.message.id.isEmpty || parsed.message.from.isEmpty { throw PropertyViolation("a message without an id or a sender") }
            } catch is WebhookParseError {}
        }
    }

    @Test func paymentNotices() throws {
        var fuzzer = Fuzzer("payments")
        fuzzer.run(corpus: try Fuzzer.corpus("payments")) { input in
            do {
                let payment = try PaymentNotification.parse(Data(input)).payment
                guard payment.amount > 0, (10...20).contains(payment.virtualAccount.count), !payment.reference.isEmpty else {
                    throw PropertyViolation("a payment accepted with amount \(payment.amount), account \(payment.virtualAccount)")
                }
            } catch is WebhookParseError {}
        }
    }

    @Test func transcriptFiles() throws {
        var fuzzer = Fuzzer("transcripts")
        let corpus = try Fuzzer.repositoryFiles("conversations", suffix: ".txt").prefix(40).map(\.bytes)
        fuzzer.run(corpus: Array(corpus)) { input in
            // Typed throws: a TranscriptError is the only way to refuse a file.
            _ = try? TranscriptParser.parse(String(decoding: input, as: UTF8.self), path: "fuzz.txt")
        }
    }

    @Test func configurationFiles() throws {
        // A round loads the whole configuration (~50–150 ms in a debug build): 10 of them at least, not 200.
        var fuzzer = Fuzzer("config", leastRounds: 10)
        let files = try Fuzzer.repositoryFiles("config", suffix: ".yaml")
        let originals = Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
        // Small files, so that a round is quick; each round damages one of them and loads the whole config.
        let targets = files.filter { $0.bytes.count < 6_000 && !$0.path.hasPrefix("nlu/") }
        fuzzer.run(corpus: targets.map { Array($0.path.utf8) + [0] + $0.bytes }) { input in
            guard let split = input.firstIndex(of: 0) else { return }
            let path = String(decoding: input[..<split], as: UTF8.self)
            guard originals[path] != nil else { return }
            var damaged = originals
            damaged[path] = String(decoding: input[(split + 1)...], as: UTF8.self)
            _ = try? ConfigurationLoader.load(files: damaged)
        }
    }

    @Test func entityExtraction() throws {
        var fuzzer = Fuzzer("entities")
        let extractor = EntityExtractor()
        let lines = try Fuzzer.corpus("texts").flatMap { String(decoding: $0, as: UTF8.self).split(separator: "\n").map { Array($0.utf8) } }
        fuzzer.run(corpus: lines) { input in
            let text = String(decoding: input, as: UTF8.self)
            let entities = extractor.extract(text)
            if let nik = entities.nik, NIK(nik.digits) == nil { throw PropertyViolation("an invalid NIK \(nik.digits) was extracted") }
            if let card = entities.card, card.count != 13 || !card.allSatisfy(\.isNumber) { throw PropertyViolation("card \(card) is not 13 digits") }
            if let phone = entities.phone, PhoneNumber.parse(phone) != phone { throw PropertyViolation("phone \(phone) is not in E.164") }
            if let email = entities.email, !email.contains("@") { throw PropertyViolation("email \(email) has no @") }
            if let careClass = entities.careClass, !(1...3).contains(careClass) { throw PropertyViolation("class \(careClass)") }
            _ = extractor.answeredDate(text)
        }
    }
}
