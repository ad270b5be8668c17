/// One service as `config/services/ID.yaml` describes it: what to collect, which documents, who decides.
package struct ServiceDefinition: Decodable, Equatable, Sendable {
    /// How the bot serves the intent.
    package enum Kind: String, Decodable, Sendable {
        /// Collects data and documents, and may open a case.
        case flow
        /// Answers and is done.
        case info
    }

    /// How a citizen proves who they are before the service goes on.
    package enum Identity: String, Decodable, Sendable {
        case none
        /// NIK, then the birth date.
        case nikBirthDate = "nik_birth_date"
        /// NIK, then the card number or the birth date (for sensitive changes).
        case nikCardOrBirthDate = "nik_card_or_birth_date"
    }

    /// What the bot checks in the directory once identity is known.
    package enum Check: String, Decodable, Sendable {
        case none
        case reactivate
        case activate
        case register
        case changePhone = "change_phone"
        case status
        case bill
        case card
    }

    /// What an approval does.
    package enum Outcome: String, Decodable, Sendable {
        /// A virtual account and an amount to pay; the membership turns AKTIF on payment.
        case issueVA = "issue_va"
        /// The directory gets the new phone number.
        case updatePhone = "update_phone"
        /// A new participant enters the directory, then a VA for the first payment.
        case register
        /// The request is done.
        case complete
    }

    /// The shape of a value the bot asks for.
    package enum FieldKind: String, Decodable, Sendable {
        case nik, kk, card, phone, email, text, faskes
        case birthDate = "birth_date"
        case date
        case careClass = "class"
    }

    /// A value the bot asks for, one at a time.
    package struct Field: Decodable, Equatable, Sendable {
        package var id: String
        package var kind: FieldKind
        package var prompt: LocalizedText
        /// The label in the summary.
        package var label: LocalizedText
    }

    package var id: Intent
    package var title: LocalizedText
    package var kind: Kind
    package var identity: Identity
    package var check: Check
    package var fields: [Field]
    package var documents: [String]
    package var officerRequired: Bool
    package var onApprove: Outcome
    package var checklist: [String]
    package var answer: LocalizedText
    package var rules: [String: RuleValue]

    enum CodingKeys: String, CodingKey {
        case id, title, kind, identity, check, fields, documents, checklist, answer, rules
        case officerRequired = "officer_required"
        case onApprove = "on_approve"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(Intent.self, forKey: .id)
        self.title = try container.decode(LocalizedText.self, forKey: .title)
        self.kind = try container.decode(Kind.self, forKey: .kind)
        self.identity = try container.decodeIfPresent(Identity.self, forKey: .identity) ?? .none
        self.check = try container.decodeIfPresent(Check.self, forKey: .check) ?? .none
        self.fields = try container.decodeIfPresent([Field].self, forKey: .fields) ?? []
        self.documents = try container.decodeIfPresent([String].self, forKey: .documents) ?? []
        self.officerRequired = try container.decodeIfPresent(Bool.self, forKey: .officerRequired) ?? false
        self.onApprove = try container.decodeIfPresent(Outcome.self, forKey: .onApprove) ?? .complete
        self.checklist = try container.decodeIfPresent([String].self, forKey: .checklist) ?? []
        self.answer = try container.decode(LocalizedText.self, forKey: .answer)
        self.rules = try container.decodeIfPresent([String: RuleValue].self, forKey: .rules) ?? [:]
    }
}

/// A number, flag, word or list in a service's `rules:`.
package enum RuleValue: Decodable, Equatable, Sendable {
    case number(Int)
    case flag(Bool)
    case text(String)
    case list([String])

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .number(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .flag(value)
        } else if let value = try? container.decode([String].self) {
            self = .list(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}
