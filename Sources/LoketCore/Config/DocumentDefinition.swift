/// A document the bot can ask for (`config/documents.yaml`), with what a good photo of it looks like.
package struct DocumentDefinition: Decodable, Equatable, Sendable {
    package var id: String
    package var label: LocalizedText
    package var guidance: LocalizedText
}

/// An officer's reason for returning or closing a case (`config/reasons.yaml`), and what the citizen must fix.
package struct ReasonDefinition: Decodable, Equatable, Sendable {
    /// What the citizen is asked to do after this reason.
    package enum Resend: String, Decodable, Sendable {
        /// Send the named document (or the reason's default) again.
        case document
        /// Nothing to send; the text says what to do.
        case none
    }

    package var id: String
    package var label: LocalizedText
    /// Said to the citizen; `{document}` is replaced by the document's label.
    package var citizen: LocalizedText
    package var resend: Resend
    package var defaultDocument: String?

    enum CodingKeys: String, CodingKey {
        case id, label, citizen, resend
        case defaultDocument = "default_document"
    }
}

/// A short answer to a question asked in passing (`config/faq.yaml`).
package struct FAQEntry: Decodable, Equatable, Sendable {
    package var id: String
    /// Each inner list: words that must all appear.
    package var triggers: [[String]]
    package var answer: LocalizedText
}
