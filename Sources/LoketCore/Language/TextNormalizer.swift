import Foundation

/// Turns everyday Indonesian chat into standard word tokens before anything else reads it.
///
/// Lower case, accents folded, emoji and punctuation dropped, letters repeated for emphasis collapsed
/// ("halooo" → "halo"), numbers replaced by their shape (`#nik`, `#card`, `#phone`, `#num`), slang and
/// regional words mapped through the lexicon, and words typed without a space split when both halves are known.
package struct TextNormalizer: Sendable {
    /// Token → replacement tokens (empty to drop a filler word).
    package let lexicon: [String: [String]]
    /// Words the classifier knows; guides collapsing and splitting.
    package private(set) var vocabulary: Set<String>

    package init(lexicon: [String: [String]], vocabulary: Set<String> = []) {
        self.lexicon = lexicon
        self.vocabulary = vocabulary.union(lexicon.values.flatMap { $0 })
    }

    /// A copy that knows more words.
    package func learning(_ words: some Sequence<String>) -> TextNormalizer {
        var copy = self
        copy.vocabulary.formUnion(words)
        return copy
    }

    package func tokens(_ text: String) -> [String] {
        let lower = text.lowercased()
        // Folding accents is only needed when there are any; most chat is plain ASCII.
        let folded = lower.utf8.allSatisfy { $0 < 0x80 } ? lower : lower.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        var result: [String] = []
        for raw in Self.rawTokens(folded) {
            if raw.first?.isNumber == true {
                result.append(Self.numberShape(raw))
                continue
            }
            let word = self.dropSuffix(self.collapseRepeats(raw))
            if let mapped = self.lexicon[word] {
                result.append(contentsOf: mapped)
            } else if let parts = self.split(word) {
                for part in parts { result.append(contentsOf: self.lexicon[part] ?? [part]) }
            } else {
                result.append(word)
            }
        }
        return result
    }

    /// Letters and digits cut into runs; `kls2` becomes `kls`, `2`.
    private static func rawTokens(_ text: String) -> [String] {
        if let tokens = self.asciiTokens(text) { return tokens }
        var tokens: [String] = []
        var current = ""
        var currentIsDigit = false
        for character in text {
            let isDigit = character.isASCII && character.isNumber
            let isLetter = character.isLetter
            if isDigit || isLetter {
                if !current.isEmpty && currentIsDigit != isDigit {
                    tokens.append(current)
                    current = ""
                }
                currentIsDigit = isDigit
                current.append(character)
            } else if !current.isEmpty {
                tokens.append(current)
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// ``rawTokens(_:)`` for plain ASCII text, byte by byte instead of character by character; nil for other text.
    private static func asciiTokens(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var tokens: [String] = []
            var start = 0
            var startIsDigit = false
            for (index, byte) in bytes.enumerated() {
                let isDigit = (0x30...0x39).contains(byte)
                let isLetter = (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte)
                if (!isDigit && !isLetter) || startIsDigit != isDigit {
                    if start < index { tokens.append(String(decoding: bytes[start..<index], as: UTF8.self)) }
                    start = isDigit || isLetter ? index : index + 1
                }
                startIsDigit = isDigit
            }
            if start < bytes.count { tokens.append(String(decoding: bytes[start...], as: UTF8.self)) }
            return tokens
        }
    }

    private static func numberShape(_ digits: String) -> String {
        switch digits.count {
        case 16: "#nik"
        case 13 where !digits.hasPrefix("08"): "#card"
        case 10...14 where digits.hasPrefix("08") || digits.hasPrefix("62"): "#phone"
        default: "#num"
        }
    }

    /// "halooo" → "halo", "maaaf" → "maaf": runs of three or more letters become two or one, whichever is a word.
    private func collapseRepeats(_ word: String) -> String {
        guard Self.mayRepeatThrice(word) else { return word }
        var one = ""
        var two = ""
        var previous: Character?
        var run = 0
        var changed = false
        for character in word {
            run = character == previous ? run + 1 : 1
            previous = character
            if run == 1 {
                one.append(character)
                two.append(character)
            } else if run == 2 {
                two.append(character)
            } else {
                changed = true
            }
        }
        guard changed else { return word }
        return self.isKnown(two) && !self.isKnown(one) ? two : one
    }

    /// False when the word cannot hold a letter three times in a row: ASCII without three equal bytes in a row.
    private static func mayRepeatThrice(_ word: String) -> Bool {
        var run = 0
        var previous: UInt8 = 0
        for byte in word.utf8 {
            if byte >= 0x80 { return true }
            run = byte == previous ? run + 1 : 1
            if run == 3 { return true }
            previous = byte
        }
        return false
    }

    /// "iurannya" → "iuran", "kartunya" → "kartu": the possessive suffix, when the rest is a known word.
    private func dropSuffix(_ word: String) -> String {
        guard word.count > 5, word.hasSuffix("nya"), !self.isKnown(word) else { return word }
        let base = String(word.dropLast(3))
        return self.isKnown(base) ? base : word
    }

    private func isKnown(_ word: String) -> Bool {
        self.vocabulary.contains(word) || self.lexicon[word] != nil
    }

    /// "kartubpjs" → ["kartu", "bpjs"], when the word is unknown and both halves are known.
    private func split(_ word: String) -> [String]? {
        guard (6...20).contains(word.count), !self.isKnown(word) else { return nil }
        let characters = Array(word)
        var best: (String, String)?
        for cut in 2...(characters.count - 2) {
            let left = String(characters[..<cut])
            let right = String(characters[cut...])
            guard self.isKnown(left), self.isKnown(right) else { continue }
            if let current = best, min(current.0.count, current.1.count) >= min(left.count, right.count) { continue }
            best = (left, right)
        }
        return best.map { [$0.0, $0.1] }
    }
}
