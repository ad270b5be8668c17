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
        /// The phone and email a Mobile JKN account uses (`account_help`), offered after the general help.
        case account
        /// The citizen's own cases (`case_status`).
        case cases
        case addMember = "add_member"
        case changeFaskes = "change_faskes"
        case changeClass = "change_class"
        case changeSegment = "change_segment"
        case reportDeath = "report_death"
        case updateData = "update_data"
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
        /// The family moves to PBPU in the class chosen, then a VA for the first payment.
        case changeSegment = "change_segment"
        /// The new member enters the directory on the family card; a VA when the family pays itself.
        case addMember = "add_member"
        /// The participant moves to the chosen facility from the 1st of next month.
        case changeFaskes = "change_faskes"
        /// The deceased's membership ends and the bills stop.
        case deactivate
        /// The record matches Dukcapil again; a suspension for that reason ends.
        case correctData = "correct_data"
    }

    /// The shape of a value the bot asks for.
    package enum FieldKind: String, Decodable, Sendable {
        case nik, kk, card, phone, email, text, faskes
        case birthDate = "birth_date"
        case date
        case careClass = "class"
        /// One of the field's `options`, offered as buttons.
        case choice
        /// Where the citizen lives now (a district or city), to offer facilities near it.
        case area
    }

    /// An answer a `choice` field offers, and the documents choosing it calls for.
    package struct Option: Decodable, Equatable, Sendable {
        package var id: String
        package var title: LocalizedText
        package var documents: [String]

        enum CodingKeys: String, CodingKey { case id, title, documents }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.id = try container.decode(String.self, forKey: .id)
            self.title = try container.decode(LocalizedText.self, forKey: .title)
            self.documents = try container.decodeIfPresent([String].self, forKey: .documents) ?? []
        }
    }

    /// A value the bot asks for, one at a time.
    package struct Field: Decodable, Equatable, Sendable {
        package var id: String
        package var kind: FieldKind
        package var prompt: LocalizedText
        /// The label in the summary.
        package var label: LocalizedText
        package var options: [Option]
        /// The segments whose participants are asked (an employment end date only of wage earners); empty for all.
        package var segments: [Segment]

        enum CodingKeys: String, CodingKey { case id, kind, prompt, label, options, segments }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.id = try container.decode(String.self, forKey: .id)
            self.kind = try container.decode(FieldKind.self, forKey: .kind)
            self.prompt = try container.decode(LocalizedText.self, forKey: .prompt)
            self.label = try container.decode(LocalizedText.self, forKey: .label)
            self.options = try container.decodeIfPresent([Option].self, forKey: .options) ?? []
            self.segments = try container.decodeIfPresent([Segment].self, forKey: .segments) ?? []
        }

        /// Whether a participant of `segment` is asked this field (everyone is, before identity is known).
        package func asks(_ segment: Segment?) -> Bool {
            guard let segment, !self.segments.isEmpty else { return true }
            return self.segments.contains(segment)
        }
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

    /// A number from `rules:`, or `fallback` when config leaves it out.
    package func number(_ rule: String, or fallback: Int) -> Int {
        if case .number(let value) = self.rules[rule] { return value }
        return fallback
    }

    /// A list from `rules:` (empty when absent).
    package func list(_ rule: String) -> [String] {
        if case .list(let values) = self.rules[rule] { return values }
        return []
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
