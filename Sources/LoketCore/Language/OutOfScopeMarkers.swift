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

    /// The markers ready to match messages: written the way the normaliser writes messages ("BPJS TK" → "bpjs tk")
    /// and cut into words once.
    package func matcher(normalizedBy normalizer: TextNormalizer) -> Matcher {
        func phrases(_ list: [String]) -> Matcher.Phrases {
            Matcher.Phrases(list.map { normalizer.tokens($0) }.filter { !$0.isEmpty })
        }
        return Matcher(always: phrases(self.always), medical: phrases(self.medical), membership: phrases(self.membership))
    }

    /// Finds the markers in a message's normalised tokens.
    package struct Matcher: Sendable {
        /// Phrases of one or more words, found by their first word.
        struct Phrases: Sendable {
            private let byFirstWord: [String: [[String]]]

            init(_ phrases: [[String]]) {
                self.byFirstWord = Dictionary(grouping: phrases) { $0[0] }
            }

            /// Whether one of the phrases occurs as consecutive tokens.
            func occur(in tokens: [String]) -> Bool {
                tokens.indices.contains { start in
                    self.byFirstWord[tokens[start]]?.contains { words in
                        start + words.count <= tokens.count && tokens[start..<(start + words.count)].elementsEqual(words)
                    } ?? false
                }
            }
        }

        let always: Phrases
        let medical: Phrases
        let membership: Phrases

        /// Whether normalised tokens carry a marker that puts the message out of scope.
        package func marksOutOfScope(_ tokens: [String]) -> Bool {
            if self.always.occur(in: tokens) { return true }
            return self.medical.occur(in: tokens) && !self.membership.occur(in: tokens)
        }
    }
}
