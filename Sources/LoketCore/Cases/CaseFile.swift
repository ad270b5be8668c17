import Foundation

/// The states of a case. The raw values are a contract used by transcripts, the console and the store.
package enum CaseState: String, Codable, Sendable, CaseIterable {
    /// The bot gathers data and documents. Can transition to: queued, cancelled.
    case collecting
    /// Waiting for an officer. Can transition to: claimed, needs_info, awaiting_payment, done, rejected, cancelled.
    case queued
    /// An officer works on it. Can transition to: queued, needs_info, awaiting_payment, done, rejected.
    case claimed
    /// Back with the citizen: a rejected document or a question. Can transition to: queued, cancelled.
    case needsInfo = "needs_info"
    /// Approved, VA issued. Can transition to: done.
    case awaitingPayment = "awaiting_payment"
    /// Finished. Final.
    case done
    /// Closed, not eligible. Final.
    case rejected
    /// Withdrawn by the citizen. Final.
    case cancelled

    /// Whether an officer's decision is still expected or possible.
    package var isOpen: Bool {
        switch self {
        case .collecting, .queued, .claimed, .needsInfo, .awaitingPayment: true
        case .done, .rejected, .cancelled: false
        }
    }
}

/// A file sent by a citizen: a photo or a document. The bytes live outside the engine; this is what it knows.
package struct Attachment: Codable, Equatable, Sendable {
    package enum Kind: String, Codable, Sendable {
        case image, document, audio, video, sticker, location, contacts
        /// A kind of message the platform itself could not pass on (a poll, a newer message type).
        case unsupported
    }

    /// What is wrong with a file the channel fetched, found before the bot sees it.
    package enum Problem: String, Codable, Sendable {
        /// An image too small to read (a thumbnail, a screenshot of a screenshot).
        case tooSmall = "too_small"
        /// Larger than the channel accepts.
        case tooLarge = "too_large"
        /// Not a photo or a PDF.
        case unsupportedType = "unsupported_type"
    }

    package var kind: Kind
    package var filename: String?
    package var mimeType: String?
    /// Where the bytes are: `vault:ID` once stored, or the channel's media id or URL.
    package var reference: String?
    package var problem: Problem?

    package init(kind: Kind, filename: String? = nil, mimeType: String? = nil, reference: String? = nil) {
        self.kind = kind
        self.filename = filename
        self.mimeType = mimeType
        self.reference = reference
    }

    /// An Android app package: never a document BPJS sends, a known fraud lure.
    package var isAndroidPackage: Bool {
        (self.filename?.lowercased().hasSuffix(".apk") ?? false)
            || self.mimeType == "application/vnd.android.package-archive"
    }

    /// Whether it can stand for a document photo or scan.
    package var isDocumentLike: Bool {
        switch self.kind {
        case .image: true
        case .document: !self.isAndroidPackage
        case .audio, .video, .sticker, .location, .contacts, .unsupported: false
        }
    }
}

/// One entry in a case's history: who did what, when.
package struct CaseEvent: Codable, Equatable, Sendable {
    package var at: Date
    /// `citizen`, `bot`, `officer:NAME`, `payment` or `retention`.
    package var actor: String
    package var action: String
    package var detail: String?

    package init(at: Date, actor: String, action: String, detail: String? = nil) {
        self.at = at
        self.actor = actor
        self.action = action
        self.detail = detail
    }
}

/// A request that an officer may need to decide on, with everything needed to decide.
package struct CaseFile: Codable, Equatable, Sendable {
    /// The ticket number citizens quote: `LKT-260302-0007`.
    package var id: String
    package var service: Intent
    package var state: CaseState
    /// The citizen's channel address (E.164 phone for WhatsApp).
    package var citizen: String
    package var nik: String?
    package var name: String?
    /// The participant's card number, for the virtual account.
    package var card: String?
    /// Field id → value, as collected.
    package var answers: [String: String]
    /// Document id → the file received.
    package var documents: [String: Attachment]
    package var openedAt: Date
    /// When an officer should have handled it (office hours count).
    package var dueAt: Date?
    package var amountDue: Int?
    /// What the family pays a month: a payment after the deadline, in a later month, owes that month too.
    package var monthlyFee: Int?
    package var amountPaid: Int
    package var virtualAccount: String?
    package var paymentDeadline: Date?
    /// Documents the officer asked for again.
    package var requestedDocuments: [String]
    package var claimedBy: String?
    /// The branch office whose queue the case is in (from the NIK's region); nil when no branch serves it.
    package var branch: String?
    package var history: [CaseEvent]

    package init(id: String, service: Intent, citizen: String, openedAt: Date) {
        self.id = id
        self.service = service
        self.state = .collecting
        self.citizen = citizen
        self.answers = [:]
        self.documents = [:]
        self.openedAt = openedAt
        self.amountPaid = 0
        self.requestedDocuments = []
        self.history = []
    }

    /// When the claiming officer last acted on the case (claimed, was assigned it, wrote, asked); nil when unclaimed.
    package var claimantLastActed: Date? {
        guard self.state == .claimed, let officer = self.claimedBy else { return nil }
        return self.history.last { $0.actor == "officer:\(officer)" || ($0.action == "assigned" && $0.detail == officer) }?.at
    }

    /// Whether a claim has lapsed: its officer has not acted on the case for `minutes`.
    package func claimLapsed(at moment: Date, after minutes: Int) -> Bool {
        guard self.state == .claimed else { return false }
        guard let acted = self.claimantLastActed else { return true }
        return moment.timeIntervalSince(acted) > Double(minutes * 60)
    }

    package mutating func record(_ action: String, by actor: String, at moment: Date, detail: String? = nil) {
        self.history.append(CaseEvent(at: moment, actor: actor, action: action, detail: detail))
    }
}
