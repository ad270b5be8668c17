/// Everything the machine needs to read a message: intents, entities, short answers, FAQ questions, language.
package struct Understanding: Sendable {
    package let classifier: IntentClassifier
    package let extractor: EntityExtractor
    private let faq: [FAQEntry]

    /// Trains the classifier from the configuration's examples.
    package init(configuration: LoketConfiguration, referenceYear: Int = 2026) {
        let normalizer = TextNormalizer(lexicon: configuration.lexicon)
        self.classifier = IntentClassifier(examples: configuration.trainingExamples, normalizer: normalizer)
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
        "setuju", "boleh", "mau", "siap", "yup", "yaa", "iyaa", "nggih", "enggih", "muhun", "kirim", "sure",
    ]
    private static let noWords: Set<String> = [
        "tidak", "tdk", "nggak", "gak", "ga", "enggak", "no", "nope", "bukan", "jangan", "nanti", "engga", "ndak",
        "mboten", "henteu", "salah", "later",
    ]

    /// Reads a short yes or no ("iya min", "ga jadi"); nil when the message says more than that.
    package func answer(_ text: String) -> Answer? {
        let words = text.lowercased().split { !$0.isLetter }.map(String.init)
        guard let first = words.first, words.count <= 4 else { return nil }
        if Self.yesWords.contains(first) { return .yes }
        if Self.noWords.contains(first) { return .no }
        return nil
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
