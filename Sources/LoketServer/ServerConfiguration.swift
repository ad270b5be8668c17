import LoketChannels

/// What `loket serve` listens on and which channels are on. A channel whose secrets are absent is off.
package struct ServerConfiguration: Sendable {
    package var host: String
    package var port: Int
    /// `LOKET_WHATSAPP_APP_SECRET`: signs every WhatsApp webhook.
    package var whatsAppAppSecret: String?
    /// `LOKET_WHATSAPP_VERIFY_TOKEN`: answers WhatsApp's verification handshake.
    package var whatsAppVerifyToken: String?
    /// `LOKET_GENERIC_SECRET`: signs generic-channel webhooks.
    package var genericSecret: String?
    /// `LOKET_PAYMENT_SECRET`: signs payment notices.
    package var paymentSecret: String?
    /// `LOKET_TWILIO_AUTH_TOKEN`: signs every Twilio webhook.
    package var twilioAuthToken: String?
    /// `LOKET_TWILIO_WEBHOOK_URL`: the public URL Twilio calls, when a proxy stands in front.
    package var twilioWebhookURL: String?
    /// Whether `/chat` serves the web chat page.
    package var webChat: Bool
    /// How replies leave: the platforms' senders, and the console for everyone else.
    package var sender: ServerSender
    /// Download the photos and documents citizens send: WhatsApp's (needs the access token) and Twilio's (needs the
    /// account SID); without them attachments are kept as the platform's references.
    package var mediaSources: [any MediaSource]
    /// Requests per address and messages per citizen, and how long a body may take.
    package var limits: RequestLimits
    /// Whether the outbox, timer and metrics workers run in this process (a test that drives them itself turns
    /// them off).
    package var runsWorkers = true

    package init(
        host: String = "127.0.0.1", port: Int = 8080, whatsAppAppSecret: String? = nil, whatsAppVerifyToken: String? = nil,
        genericSecret: String? = nil, webChat: Bool = true, sender: ServerSender = ServerSender(console: { _ in }),
        mediaSources: [any MediaSource] = [], twilioAuthToken: String? = nil, twilioWebhookURL: String? = nil, paymentSecret: String? = nil,
        limits: RequestLimits = RequestLimits()
    ) {
        self.limits = limits
        self.paymentSecret = paymentSecret
        self.host = host
        self.port = port
        self.whatsAppAppSecret = whatsAppAppSecret
        self.whatsAppVerifyToken = whatsAppVerifyToken
        self.genericSecret = genericSecret
        self.webChat = webChat
        self.sender = sender
        self.mediaSources = mediaSources
        self.twilioAuthToken = twilioAuthToken
        self.twilioWebhookURL = twilioWebhookURL
    }

    /// The largest webhook body accepted; larger ones are answered 413.
    static let maxBody = 1 << 20
}
