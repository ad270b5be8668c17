/// Words that tell a message is not for Loket (`config/nlu/out_of_scope.yaml`), whatever else it says.
///
/// Another institution's business (BPJS Ketenagakerjaan, JHT, JMO, Kartu Prakerja) is out of scope even when the
/// message also says "ganti nomor" or "nunggak". A medical question is out of scope unless it also speaks of
/// membership administration ("kartu ditolak waktu berobat DBD" is ours; "gejala DBD apa aja" is not).
package struct OutOfScopeMarkers: Decodable, Equatable, Sendable {
    /// Phrases (one or more normalised words) that always mean another institution.
    package var always: [String]
    /// Phrases of medical questions.
    package var medical: [String]
    /// Words of membership administration that keep a medical-sounding message in scope.
    package var membership: [String]

    package init(always: [String] = [], medical: [String] = [], membership: [String] = []) {
        self.always = always
        self.medical = medical
        self.membership = membership
    }

    /// The same markers written the way the normaliser writes messages ("BPJS TK" → "bpjs tk").
    package func normalized(by normalizer: TextNormalizer) -> OutOfScopeMarkers {
        func normalize(_ phrases: [String]) -> [String] {
            phrases.map { normalizer.tokens($0).joined(separator: " ") }.filter { !$0.isEmpty }
        }
        return OutOfScopeMarkers(always: normalize(self.always), medical: normalize(self.medical), membership: normalize(self.membership))
    }

    /// Whether normalised tokens carry a marker that puts the message out of scope.
    package func marksOutOfScope(_ tokens: [String]) -> Bool {
        if Self.mentions(self.always, in: tokens) { return true }
        return Self.mentions(self.medical, in: tokens) && !Self.mentions(self.membership, in: tokens)
    }

    /// Whether one of the phrases (words separated by spaces) occurs as consecutive tokens.
    private static func mentions(_ phrases: [String], in tokens: [String]) -> Bool {
        phrases.contains { phrase in
            let words = phrase.split(separator: " ")
            guard let first = words.first, words.count <= tokens.count else { return false }
            return tokens.indices.contains { start in
                tokens[start] == first && start + words.count <= tokens.count
                    && zip(tokens[start..<(start + words.count)], words).allSatisfy { $0 == $1 }
            }
        }
    }
}
