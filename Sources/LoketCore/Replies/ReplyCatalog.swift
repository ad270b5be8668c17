import Foundation

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

    /// The text for `key` with `{name}` placeholders filled in.
    package func render(_ key: ReplyKey, _ values: [String: String] = [:]) -> String {
        var text = self.texts[key.rawValue] ?? key.rawValue
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
