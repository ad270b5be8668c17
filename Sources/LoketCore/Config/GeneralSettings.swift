/// `config/loket.yaml`: the menu, limits and payment rules.
package struct GeneralSettings: Decodable, Equatable, Sendable {
    /// The services of the numbered menu, in order.
    package var menu: [Intent]
    /// Failed identity checks before identity-sensitive steps lock.
    package var identityMaxFailures: Int
    package var identityLockMinutes: Int
    /// Minutes a proven identity is reused for the sender's next request.
    package var identityValidMinutes: Int
    /// Wrong answers on one step before the bot stops asking and offers an officer.
    package var stepMaxFailures: Int
    /// Days a virtual account stays open for payment.
    package var paymentDeadlineDays: Int
    /// Local time ("HH:MM") on the day before the deadline when the citizen is reminded.
    package var paymentReminderTime: String

    /// ``paymentReminderTime`` in minutes after midnight.
    package var paymentReminderMinuteOfDay: Int {
        let parts = self.paymentReminderTime.split(separator: ":").compactMap { Int($0) }
        return parts.count == 2 ? parts[0] * 60 + parts[1] : 10 * 60
    }
    /// Prefix of virtual accounts (`88888`, or `89888` for one bank), followed by the card's last 11 digits.
    package var vaPrefix: String
    /// Working hours within which an officer handles a queued case.
    package var caseSLAWorkingHours: Int
    /// Minutes a claim holds without the claiming officer acting on the case; after that another officer may
    /// claim it.
    package var claimExpiryMinutes: Int
    /// Messages longer than this are read only up to it.
    package var maxMessageLength: Int
    /// Days the documents of a closed case are kept before they are purged.
    package var documentRetentionDays: Int
    /// The pre-approved WhatsApp template (one body parameter: the reply) for messages outside the 24-hour window.
    package var whatsAppTemplate: String

    enum CodingKeys: String, CodingKey {
        case menu
        case identityMaxFailures = "identity_max_failures"
        case identityLockMinutes = "identity_lock_minutes"
        case identityValidMinutes = "identity_valid_minutes"
        case stepMaxFailures = "step_max_failures"
        case paymentDeadlineDays = "payment_deadline_days"
        case paymentReminderTime = "payment_reminder_time"
        case vaPrefix = "va_prefix"
        case caseSLAWorkingHours = "case_sla_working_hours"
        case claimExpiryMinutes = "claim_expiry_minutes"
        case maxMessageLength = "max_message_length"
        case documentRetentionDays = "document_retention_days"
        case whatsAppTemplate = "whatsapp_template"
    }
}
