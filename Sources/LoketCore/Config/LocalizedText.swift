/// The languages the bot speaks.
package enum Language: String, Codable, Sendable, CaseIterable {
    case indonesian = "id"
    case english = "en"
}

/// A text written in every language the bot speaks.
package struct LocalizedText: Codable, Equatable, Sendable {
    package var id: String
    package var en: String

    package init(id: String, en: String) {
        self.id = id
        self.en = en
    }

    package func text(_ language: Language) -> String {
        switch language {
        case .indonesian: self.id
        case .english: self.en
        }
    }
}
