/// A message cut into words, numbers and single symbols, the raw material of entity extraction.
struct TextTokens {
    enum Kind: Equatable {
        case word
        case number
        case symbol
    }

    struct Token {
        var kind: Kind
        var text: String
        /// Whether whitespace separates this token from the previous one.
        var spaceBefore: Bool
    }

    private(set) var tokens: [Token] = []

    /// Tokenises lower-cased text given as Unicode scalars.
    init(_ scalars: [Unicode.Scalar]) {
        var index = 0
        var sawSpace = true
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.isWhitespace {
                sawSpace = true
                index += 1
                continue
            }
            let start = index
            let kind: Kind
            if scalar.isASCIIDigit {
                while index < scalars.count, scalars[index].isASCIIDigit { index += 1 }
                kind = .number
            } else if scalar.isAlphabetic {
                while index < scalars.count, scalars[index].isAlphabetic, !scalars[index].isASCIIDigit {
                    index += 1
                }
                kind = .word
            } else {
                index += 1
                kind = .symbol
            }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[start..<index])
            self.tokens.append(Token(kind: kind, text: String(text), spaceBefore: sawSpace))
            sawSpace = false
        }
    }
}

extension Unicode.Scalar {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }

    /// `properties.isAlphabetic`, without the Unicode tables for ASCII (nearly every chat message).
    var isAlphabetic: Bool {
        self.isASCII ? ("a"..."z").contains(self) || ("A"..."Z").contains(self) : self.properties.isAlphabetic
    }

    /// `properties.isWhitespace`, without the Unicode tables for ASCII.
    var isWhitespace: Bool {
        self.isASCII ? self == " " || ("\t"..."\r").contains(self) : self.properties.isWhitespace
    }
}
