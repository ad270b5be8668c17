import Foundation
import LoketCore
import LoketDesk
import LoketStore

/// The shapes of the JSON API (`/api/v1`), documented in `Resources/openapi.yaml`. Keys are snake_case, times
/// ISO 8601.
enum APIModels {
    struct SignIn: Decodable {
        var name: String
        var password: String
    }

    struct Token: Encodable {
        var token: String
        var officer: String
        var role: String
        var expiresAt: Date
    }

    struct Queue: Encodable {
        var total: Int
        var overdue: Int
        var page: Int
        var cases: [CaseSummary]
    }

    struct CaseSummary: Encodable {
        var id: String
        var service: String
        var state: String
        var citizen: String
        var openedAt: Date
        var dueAt: Date?
        var overdue: Bool
        var claimedBy: String?
        var branch: String?

        init(_ file: CaseFile, at now: Date) {
            self.id = file.id
            self.service = file.service.rawValue
            self.state = file.state.rawValue
            self.citizen = Masking.maskPhone(file.citizen)
            self.openedAt = file.openedAt
            self.dueAt = file.dueAt
            self.overdue = file.state.isOpen && (file.dueAt.map { $0 < now } ?? false)
            self.claimedBy = file.claimedBy
            self.branch = file.branch
        }
    }

    /// A case with everything needed to decide it; full personal data, so only for signed-in officers.
    struct CaseDetail: Encodable {
        var id: String
        var service: String
        var state: String
        var citizen: String
        var openedAt: Date
        var dueAt: Date?
        var overdue: Bool
        var claimedBy: String?
        var nik: String?
        var name: String?
        var card: String?
        var answers: [String: String]
        /// The directory's record of the NIK, to compare with the answers.
        var directory: Participant?
        var documents: [Document]
        var checklist: [String]
        var messages: [Message]
        var history: [CaseEvent]

        init(_ view: OfficerDesk.CaseView, checklist: [String], at now: Date) {
            let file = view.file
            let summary = CaseSummary(file, at: now)
            (self.id, self.service, self.state, self.openedAt, self.dueAt, self.overdue, self.claimedBy) =
                (summary.id, summary.service, summary.state, summary.openedAt, summary.dueAt, summary.overdue, summary.claimedBy)
            self.citizen = file.citizen
            (self.nik, self.name, self.card, self.answers) = (file.nik, file.name, file.card, file.answers)
            self.directory = view.directory?.participant
            self.documents = file.documents.sorted { $0.key < $1.key }.map { key, attachment in
                Document(
                    key: key, mimeType: attachment.mimeType,
                    url: attachment.reference?.hasPrefix("vault:") == true ? "/api/v1/cases/\(file.id)/documents/\(key)" : nil,
                    problem: attachment.problem?.rawValue)
            }
            self.checklist = checklist
            let citizen = view.messages.map { Message(from: "citizen", text: $0.message.text ?? "", at: $0.receivedAt) }
            let bot = view.replies.map { Message(from: "bot", text: $0.reply.plainText, at: $0.createdAt) }
            self.messages = (citizen + bot).sorted { $0.at < $1.at }
            self.history = file.history
        }
    }

    struct Document: Encodable {
        var key: String
        var mimeType: String?
        /// Where the decrypted file is served; nil when it was never stored.
        var url: String?
        var problem: String?
    }

    struct Message: Encodable {
        /// `citizen` or `bot`.
        var from: String
        var text: String
        var at: Date
    }

    struct Decision: Decodable {
        var action: String
        var reason: String?
        var document: String?
        var message: String?
        /// The officer a supervisor assigns the case to.
        var officer: String?
    }

    struct Decided: Encodable {
        var id: String
        var state: String
        var claimedBy: String?
        /// How many messages to the citizen the decision queued.
        var messagesQueued: Int
    }

    /// The supervisor's view, as data.
    struct Supervision: Encodable {
        struct Backlog: Encodable {
            var service: String
            var underOneDay: Int
            var oneToThreeDays: Int
            var overThreeDays: Int
        }

        struct Decisions: Encodable {
            var officer: String
            var action: String
            var count: Int
        }

        struct Day: Encodable {
            var day: String
            var waiting: Int
        }

        var waiting: Int
        var overdue: Int
        var backlog: [Backlog]
        /// Open cases past their due time, most overdue first (at most 50).
        var breaches: [CaseSummary]
        /// Decisions of the last seven days.
        var decisions: [Decisions]
        /// The backlog noted at the end of each of the last 14 days.
        var history: [Day]
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()
}
