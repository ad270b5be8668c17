import Foundation
import LoketCore

/// One conversation written in the transcript language of DESIGN.md: what each actor does and what the bot says.
package struct Transcript: Equatable, Sendable {
    /// One line of a transcript, with its line number for error messages.
    package struct Step: Equatable, Sendable {
        package var line: Int
        package var action: Action
    }

    package enum Action: Equatable, Sendable {
        /// A citizen's message; `from` nil means the transcript's default citizen.
        case user(from: String?, text: String?, attachment: Attachment?, button: String?)
        /// The next reply the bot sends.
        case bot(ReplyExpectation)
        case officer(OfficerDecision)
        case payment(virtualAccount: String, amount: Int)
        /// An absolute time, or an advance by seconds.
        case clockSet(Date)
        case clockAdvance(TimeInterval)
        /// The platform delivers the previous citizen message again.
        case redeliver
        /// `directory: down` / `directory: up`: the participant directory (a core system) stops or starts answering.
        case directory(available: Bool)
        case givenParticipant(Participant)
        case givenCase(CaseFile)
        /// The latest case of the sender is in this state (and of this service).
        case expectCase(CaseState, Intent?)
        /// Directory fields after the step.
        case expectParticipant(nik: String, fields: [String: String])
    }

    /// How a `bot:` line matches a reply.
    package struct ReplyExpectation: Equatable, Sendable {
        package enum Text: Equatable, Sendable {
            case exact(String)
            /// Case-insensitive contains.
            case fragment(String)
            case pattern(String)
        }

        package var text: Text
        package var buttons: [String]?
        /// The template the reply must be wrapped in (outside the 24-hour window).
        package var template: String?

        package init(text: Text, buttons: [String]?, template: String? = nil) {
            self.text = text
            self.buttons = buttons
            self.template = template
        }

        package func matches(_ reply: Reply) -> Bool {
            if let buttons, buttons != reply.buttons.map(\.title) { return false }
            if let template, template != reply.template { return false }
            let actual = reply.text
            switch self.text {
            case .exact(let expected):
                return actual.trimmingCharacters(in: .whitespacesAndNewlines) == expected
            case .fragment(let fragment):
                return actual.range(of: fragment, options: [.caseInsensitive, .diacriticInsensitive]) != nil
            case .pattern(let pattern):
                return actual.range(of: pattern, options: .regularExpression) != nil
            }
        }

        package var description: String {
            let buttonText = (self.buttons.map { " [buttons: \($0.joined(separator: " | "))]" } ?? "")
                + (self.template.map { " [template: \($0)]" } ?? "")
            switch self.text {
            case .exact(let text): return text + buttonText
            case .fragment(let text): return "~" + text + buttonText
            case .pattern(let text): return "/" + text + "/" + buttonText
            }
        }
    }

    package var path: String
    package var title: String?
    /// Loose transcripts let unmatched replies pass between matched ones.
    package var loose: Bool
    package var steps: [Step]
}
