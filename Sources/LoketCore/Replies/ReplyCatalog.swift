/// Every sentence the bot says in one language (`config/replies/LANG.yaml`), by key, with `{placeholders}`.
package struct ReplyCatalog: Sendable, Equatable {
    private let texts: [String: String]

    package init(texts: [String: String]) {
        self.texts = texts
    }

    /// Loads a catalogue and checks that it has every key the engine uses.
    package init(document: YAMLDocument) throws(ConfigError) {
        let texts = try document.decode([String: String].self)
        for key in ReplyKey.allCases where texts[key.rawValue] == nil {
            throw ConfigError(file: document.file, line: nil, reason: "missing reply '\(key.rawValue)'")
        }
        self.texts = texts
    }

    /// The text for `key` with `{name}` placeholders filled in, in one pass: a value is never read for
    /// placeholders itself, and a `{word}` with no value stays as written.
    package func render(_ key: ReplyKey, _ values: [String: String] = [:]) -> String {
        let template = self.texts[key.rawValue] ?? key.rawValue
        var text = ""
        text.reserveCapacity(template.utf8.count)
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            let name = rest[rest.index(after: open)...].prefix { $0 != "}" && $0 != "{" }
            if name.endIndex < rest.endIndex, rest[name.endIndex] == "}", let value = values[String(name)] {
                text += value
                rest = rest[rest.index(after: name.endIndex)...]
            } else {
                text.append("{")
                rest = rest[rest.index(after: open)...]
            }
        }
        text += rest
        return Self.trimmed(text)
    }

    /// Without spaces and line breaks at either end.
    private static func trimmed(_ text: String) -> String {
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text[start...].lastIndex { !$0.isWhitespace }.map(text.index(after:)) ?? start
        return start == text.startIndex && end == text.endIndex ? text : String(text[start..<end])
    }
}
