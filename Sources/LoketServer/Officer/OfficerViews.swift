/// The view models of the console's pages, rendered by the Mustache templates in `Resources/officer/`.
/// Every text a citizen could have written is rendered escaped (`{{…}}`), never raw.

/// What every page shows around its content.
struct PageChrome: Sendable {
    /// `id` or `en`.
    var language: String
    /// The page's words in that language (`Resources/officer/labels.<language>.json`), e.g. `{{chrome.t.queue}}`.
    var t: [String: String]
    /// The signed-in officer's name and role; nil on the sign-in page.
    var officer: String?
    var role: String?
    /// The officer is a supervisor: the supervisor's page is linked.
    var supervises = false
    /// The session's CSRF token; every form carries it as the hidden field `csrf`.
    var csrf: String?
    /// The same page in the other language (`?lang=en` / `?lang=id`), and that language's name.
    var otherLanguageURL: String
    var otherLanguageName: String
    /// A one-line notice after an action ("Kasus diklaim"), or an error.
    var notice: String?
    var error: String?
}

/// A choice in a `<select>`.
struct Option: Sendable {
    var value: String
    var label: String
    var selected: Bool
}

struct SignInPage: Sendable {
    var chrome: PageChrome
    /// The name typed last time, when the sign-in was refused.
    var name: String?
}

struct QueuePage: Sendable {
    var chrome: PageChrome
    var total: Int
    var overdue: Int
    var services: [Option]
    var states: [Option]
    var branches: [Option]
    /// "Claimed by me" is ticked.
    var mine: Bool
    var rows: [QueueRow]
    var hasRows: Bool
    /// Links to the previous and next page, keeping the filters; nil at either end.
    var previousURL: String?
    var nextURL: String?
    var pageNumber: Int
}

struct QueueRow: Sendable {
    var id: String
    var url: String
    var service: String
    /// The contract id (`queued`, `claimed` …), for a CSS class, and its label.
    var state: String
    var stateLabel: String
    /// The citizen's phone and name, masked as in every list.
    var citizen: String
    var name: String?
    var openedAt: String
    var dueAt: String
    var overdue: Bool
    var claimedBy: String?
}

struct CasePage: Sendable {
    var chrome: PageChrome
    var id: String
    var service: String
    var state: String
    var stateLabel: String
    var openedAt: String
    var dueAt: String
    var overdue: Bool
    var claimedBy: String?
    var canClaim: Bool
    var canRelease: Bool
    /// Approve, reject, ask and close are open to this officer (the case is queued, or claimed by them).
    var canDecide: Bool
    /// A `talk_to_officer` case in office hours that this officer may take over from the bot.
    var canTakeOver: Bool
    /// This officer has the conversation: the page offers live messages and handing back.
    var liveChat: Bool
    /// Who has the conversation, when an officer does.
    var heldBy: String?
    /// `POST` target of every decision form; the form's `action` field names the decision.
    var actionURL: String
    /// The citizen's answers beside the directory record; `mismatch` marks a difference.
    var comparison: [ComparedField]
    /// No directory record was found for the NIK given.
    var noDirectoryRecord: Bool
    /// The core system's directory could not be asked just now.
    var directoryUnavailable: Bool
    var documents: [DocumentView]
    var checklist: [String]
    var conversation: [ConversationLine]
    var history: [HistoryLine]
    /// Reason templates (`reject` and `close`) and document types (`ask`, and the document to send again).
    var reasons: [Option]
    var documentTypes: [Option]
}

struct ComparedField: Sendable {
    var label: String
    var submitted: String
    var directory: String
    var mismatch: Bool
}

struct DocumentView: Sendable {
    var label: String
    /// Where the decrypted file is served (`/officer/cases/{id}/documents/{key}`); nil when it was never stored.
    var url: String?
    var isImage: Bool
    var isPDF: Bool
    /// Why the file could not be kept (too small to read, wrong type), in the page's language.
    var problem: String?
}

struct ConversationLine: Sendable {
    /// `citizen`, `bot` or `officer`, for a CSS class.
    var from: String
    var fromLabel: String
    var text: String
    var at: String
}

struct HistoryLine: Sendable {
    var at: String
    var actor: String
    var action: String
    var detail: String?
}

/// The supervisor's page: the backlog by service and age, SLA breaches to reassign, decisions per officer, and the
/// backlog over the last days as an SVG chart drawn here.
struct SupervisorPage: Sendable {
    var chrome: PageChrome
    var backlog: [BacklogRow]
    var hasBacklog: Bool
    var total: BacklogRow
    /// Open cases past their due time, most overdue first, with a form to give each to an officer.
    var breaches: [QueueRow]
    var breachCount: Int
    var officers: [Option]
    var decisions: [DecisionRow]
    var hasDecisions: Bool
    var chart: BacklogChart
}

struct BacklogRow: Sendable {
    var service: String
    var underOneDay: Int
    var oneToThreeDays: Int
    var overThreeDays: Int
    var total: Int
}

struct DecisionRow: Sendable {
    var officer: String
    var approved: Int
    var returned: Int
    var closed: Int
    var asked: Int
    var messages: Int
    var total: Int
}

/// Bars of the backlog at the end of each noted day, in SVG user units.
struct BacklogChart: Sendable {
    struct Bar: Sendable {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var day: String
        /// The day of the month under the bar.
        var label: String
        var labelX: Int
        var labelY: Int
        var value: Int
    }

    static let width = 640
    static let height = 200
    /// The drawing's size, for the template.
    var width = Self.width
    var height = Self.height
    var baseline = Self.height - 24
    var bars: [Bar]
    var hasBars: Bool
    var maximum: Int
}
