/// One message from the bot to a citizen, with optional reply buttons.
package struct Reply: Codable, Equatable, Sendable {
    package struct Button: Codable, Equatable, Sendable {
        package var id: String
        package var title: String

        package init(id: String, title: String) {
            self.id = id
            self.title = title
        }
    }

    package var text: String
    package var buttons: [Button]
    /// The pre-approved template the platform must wrap the text in, when the citizen last wrote more than 24 hours
    /// ago (WhatsApp allows free text only inside that window); nil inside the window.
    package var template: String?

    package init(text: String, buttons: [Button] = [], template: String? = nil) {
        self.text = text
        self.buttons = buttons
        self.template = template
    }

    /// The text with buttons written as numbered options, for channels without buttons.
    package var plainText: String {
        guard !self.buttons.isEmpty else { return self.text }
        let options = self.buttons.enumerated().map { "\($0.offset + 1). \($0.element.title)" }
        return ([self.text, ""] + options).joined(separator: "\n")
    }
}
