import Foundation

/// Everything the machine needs to read a message: intents, entities, short answers, FAQ questions, language.
package struct Understanding: Sendable {
    package let classifier: IntentClassifier
    package let extractor: EntityExtractor
    private let faq: [FAQEntry]

    /// Trains the classifier from the configuration's examples.
    package init(configuration: LoketConfiguration, referenceYear: Int = 2026) {
        let normalizer = TextNormalizer(lexicon: configuration.lexicon)
        self.classifier = IntentClassifier(
            examples: configuration.trainingExamples, normalizer: normalizer, markers: configuration.outOfScopeMarkers)
        self.extractor = EntityExtractor(referenceYear: referenceYear)
        self.faq = configuration.faq
    }

    package func tokens(_ text: String) -> [String] {
        self.classifier.normalizer.tokens(text)
    }

    /// A yes or a no, typed or tapped.
    package enum Answer: Equatable {
        case yes
        case no
    }

    private static let yesWords: Set<String> = [
        "ya", "iya", "y", "yes", "ok", "oke", "okay", "okey", "sip", "betul", "benar", "bener", "lanjut", "lanjutkan",
        "setuju", "boleh", "siap", "yup", "yaa", "iyaa", "nggih", "enggih", "muhun", "kirim", "sure", "gas", "silakan",
        "monggo", "mangga", "baik", "good", "correct", "right", "yaudah", "yauda", "yasudah", "okelah", "oklah", "okay",
        "yuk", "ayo", "hayuk", "gass",
    ]
    private static let noWords: Set<String> = [
        "tidak", "tdk", "nggak", "gak", "ga", "enggak", "no", "nope", "bukan", "jangan", "nanti", "engga", "ndak",
        "mboten", "henteu", "salah", "later", "ntar", "entar", "nnti", "belum",
    ]

    /// Reads a yes or a no at the start of a short message ("iyaa min", "oke gas lanjut", "nanti dulu deh kak,
    /// sy mau diskusi dulu"); nil when the message says something else.
    package func answer(_ text: String) -> Answer? {
        let raw = text.lowercased().split { !$0.isLetter }.map(String.init)
        guard !raw.isEmpty, raw.count <= 12 else { return nil }
        let normalized = self.tokens(text)
        let words = Set(raw + normalized)
        let lead = Set(raw.prefix(4) + normalized.prefix(4))
        if lead.contains(where: Self.noWords.contains) || words.contains("nanti") { return .no }
        if lead.contains(where: Self.yesWords.contains) { return .yes }
        return nil
    }

    private static let laterWords: Set<String> = ["nanti", "ntar", "entar", "nnti", "nnt", "later", "besok", "mengko", "engke"]

    /// "ntar aja sy tanya ortu dulu": the citizen puts things off; no request in it.
    package func postpones(_ text: String) -> Bool {
        let words = text.lowercased().split { !$0.isLetter }.map(String.init)
        return words.count <= 14 && words.prefix(3).contains(where: Self.laterWords.contains)
    }

    private static let stayWords: Set<String> = ["lanjutkan", "lanjut", "tetap", "teruskan", "continue", "stay"]

    /// At "switch to the other service?": whether the citizen chose to stay with the current one.
    package func choosesToStay(_ text: String) -> Bool {
        let words = text.lowercased().split { !$0.isLetter }.map(String.init)
        return words.prefix(3).contains(where: Self.stayWords.contains) || self.answer(text) == .no
    }

    private static let cancelWords: Set<String> = ["batal", "batalkan", "cancel", "stop", "berhenti", "udahan", "sudahan"]

    /// What one stops besides a request: "berhenti bekerja", "stop kerja" tell of a job that ended.
    private static let stoppedWorkWords: Set<String> = ["bekerja", "kerja", "kerjanya", "kerjo", "dari", "kantor", "pabrik", "perusahaan"]

    /// "batal", "batal aja kak", "ga jadi deh": the citizen wants to stop what is under way.
    package func isCancel(_ text: String) -> Bool {
        let raw = text.lowercased().split { !$0.isLetter }.map(String.init)
        guard !raw.isEmpty, raw.count <= 12 else { return false }
        let stopsARequest = raw.indices.contains { index in
            guard Self.cancelWords.contains(raw[index]) else { return false }
            return index + 1 == raw.count || !Self.stoppedWorkWords.contains(raw[index + 1])
        }
        if stopsARequest { return true }
        let joined = " " + self.tokens(text).joined(separator: " ") + " "
        return joined.contains(" tidak jadi ") || joined.contains(" ora sido ") || joined.contains(" teu jadi ")
    }

    /// The FAQ entry a question in passing asks about ("berapa iurannya?").
    package func faqEntry(_ text: String) -> FAQEntry? {
        let tokens = self.tokens(text)
        // "iurannya" asks about "iuran": the possessive suffix does not change the question.
        let words = Set(tokens + tokens.filter { $0.count > 5 && $0.hasSuffix("nya") }.map { String($0.dropLast(3)) })
        guard !words.isEmpty else { return nil }
        return self.faq.first { entry in
            entry.triggers.contains { trigger in !trigger.isEmpty && trigger.allSatisfy { words.contains($0) } }
        }
    }

    private static let englishWords: Set<String> = [
        "the", "i", "my", "is", "want", "to", "please", "how", "can", "you", "hello", "hi", "need", "card", "have",
        "what", "do", "am", "not", "it", "a", "of", "for", "change", "number", "help", "thanks", "thank",
        "english", "where", "when", "this", "was", "been", "with", "and", "phone", "membership", "register",
    ]
    private static let indonesianWords: Set<String> = [
        "saya", "mau", "kartu", "tidak", "sudah", "belum", "bagaimana", "gimana", "min", "ingin", "nomor", "yang",
        "dan", "ini", "itu", "apa", "bisa", "tolong", "kak", "ya", "aktif", "nonaktif", "daftar", "bayar",
    ]

    /// The language a message is written in, when it is clear.
    package func language(of text: String) -> Language? {
        let lower = text.lowercased()
        if lower.contains("bahasa inggris") || lower.contains("in english") || lower.contains("english please") {
            return .english
        }
        if lower.contains("bahasa indonesia") { return .indonesian }
        let words = lower.split { !$0.isLetter }.map(String.init)
        let english = words.filter { Self.englishWords.contains($0) }.count
        let indonesian = words.filter { Self.indonesianWords.contains($0) }.count
        if english >= 2 && english > 2 * indonesian && Double(english) >= Double(words.count) * 0.3 { return .english }
        if indonesian >= 1 && indonesian >= english { return .indonesian }
        return nil
    }

    /// Words that add a second request; plain "dan", "terus" or "lalu" ("minggu lalu") join the parts of one story.
    private static let joiners = [
        " sekalian ", " sekaligus ", " dan juga ", " terus juga ", " juga mau ", " sama mau ", " dan mau ", " plus ",
        " and also ", " as well as ",
    ]

    /// The requests of a message that asks for two things ("mau ganti no hp sekalian pindah faskes"), in order;
    /// empty when the message has no word that adds a second request.
    package func requests(_ text: String) -> [IntentPrediction] {
        // A long story mentions many things in passing; two requests come in one short sentence.
        guard text.split(separator: " ").count <= 25 else { return [] }
        var parts = [" " + text.lowercased() + " "]
        for joiner in Self.joiners {
            parts = parts.flatMap { $0.components(separatedBy: joiner) }
        }
        guard parts.count >= 2 else { return [] }
        let predictions = parts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { $0.split(separator: " ").count >= 2 }
            .map { self.classifier.classify($0) }
            .filter { $0.intent.isService && $0.confidence >= 0.6 }
        var seen: Set<Intent> = []
        return predictions.filter { seen.insert($0.intent).inserted }
    }

    /// Words that make a short number look like a one-time code being shared.
    private static let codeWords: Set<String> = ["otp", "kode", "code", "pin", "password", "sandi", "verifikasi", "passcode"]

    /// Whether the message shares what looks like an OTP, PIN or password.
    package func sharesSecret(_ text: String) -> Bool {
        let lower = text.lowercased()
        let words = lower.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        let hasCodeWord = words.contains { Self.codeWords.contains($0) } || lower.contains("kata sandi")
        let hasShortCode = words.contains { word in (4...8).contains(word.count) && word.allSatisfy(\.isNumber) }
        return hasCodeWord && hasShortCode
    }
}
