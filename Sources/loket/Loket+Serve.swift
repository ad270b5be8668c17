import ArgumentParser
import Foundation
import Hummingbird
import LoketCore
import LoketChannels
import LoketDesk
import LoketServer
import LoketStore
import Logging

extension Loket {
    /// `loket serve`: webhooks, the web chat page and the workers in one process.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the webhook gateway, the web chat page and the workers.")

        @OptionGroup var options: EngineOptions

        @Option(help: "Address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "Port to listen on.")
        var port = 8080

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let machine = MachineEnvironment(configuration: Composition.configuration(self.options))
            let client = CurlHTTPClient()
            var sender = ServerSender(console: { Console.say($0) })
            let graphBase = environment["LOKET_WHATSAPP_API_BASE"] ?? "https://graph.facebook.com/v21.0"
            var media: [any MediaSource] = []
            if let token = environment["LOKET_WHATSAPP_ACCESS_TOKEN"] {
                media.append(WhatsAppMediaFetcher(client: client, apiBase: graphBase, accessToken: token))
                if let phoneNumberID = environment["LOKET_WHATSAPP_PHONE_NUMBER_ID"] {
                    sender.whatsApp = WhatsAppCloudSender(client: client, apiBase: graphBase, phoneNumberID: phoneNumberID, accessToken: token)
                }
            }
            let twilioBase = environment["LOKET_TWILIO_API_BASE"] ?? "https://api.twilio.com"
            if let sid = environment["LOKET_TWILIO_ACCOUNT_SID"], let token = environment["LOKET_TWILIO_AUTH_TOKEN"] {
                media.append(TwilioMediaFetcher(client: client, apiBase: twilioBase, accountSID: sid, authToken: token))
                if let from = environment["LOKET_TWILIO_FROM"] {
                    sender.twilio = TwilioSender(client: client, apiBase: twilioBase, accountSID: sid, authToken: token, from: from)
                }
            }
            if let url = environment["LOKET_GENERIC_OUTBOUND_URL"], let secret = environment["LOKET_GENERIC_SECRET"] {
                sender.generic = GenericSender(client: client, url: url, secret: secret)
            }
            let server = ServerConfiguration(
                host: self.host, port: self.port, whatsAppAppSecret: environment["LOKET_WHATSAPP_APP_SECRET"],
                whatsAppVerifyToken: environment["LOKET_WHATSAPP_VERIFY_TOKEN"], genericSecret: environment["LOKET_GENERIC_SECRET"],
                sender: sender, mediaSources: media, twilioAuthToken: environment["LOKET_TWILIO_AUTH_TOKEN"],
                twilioWebhookURL: environment["LOKET_TWILIO_WEBHOOK_URL"], paymentSecret: environment["LOKET_PAYMENT_SECRET"],
                limits: RequestLimits.from(environment: environment))
            let senders = (whatsApp: sender.whatsApp != nil, generic: sender.generic != nil, twilio: sender.twilio != nil)
            let directory: (any ParticipantDirectory)? = environment["LOKET_DIRECTORY_URL"].flatMap { base in
                environment["LOKET_DIRECTORY_TOKEN"].map { CoreSystemDirectory(client: client, baseURL: base, token: $0) }
            }
            let url = Composition.databaseURL(self.options)
            let (host, port) = (self.host, self.port)
            do {
                let vault = try Composition.vault()
                try await Composition.withStore(url: url) { store in
                    let desk = Desk(store: store, environment: machine, directory: directory)
                    try await desk.seedDirectory()
                    Console.say("Loket is running: web chat at http://\(host):\(port)/chat, officer console at http://\(host):\(port)/officer, health at http://\(host):\(port)/healthz")
                    if try await store.officers().isEmpty {
                        Console.say("  console users: none yet; add one with `loket officer users add NAME --role officer` (password on standard input)")
                    }
                    Console.say("  store: \(Masking.maskURL(url))")
                    Console.say("  directory: \(directory == nil ? "embedded (config/directory and loket directory import; set LOKET_DIRECTORY_URL and LOKET_DIRECTORY_TOKEN for a core system)" : "the core system at LOKET_DIRECTORY_URL")")
                    Console.say("  WhatsApp replies: \(senders.whatsApp ? "sent through the Cloud API" : "printed here (set LOKET_WHATSAPP_ACCESS_TOKEN and LOKET_WHATSAPP_PHONE_NUMBER_ID to send)")")
                    Console.say("  generic replies: \(senders.generic ? "posted to LOKET_GENERIC_OUTBOUND_URL" : "printed here (set LOKET_GENERIC_OUTBOUND_URL to post)")")
                    Console.say("  WhatsApp webhook: \(server.whatsAppAppSecret != nil && server.whatsAppVerifyToken != nil ? "on at /webhooks/whatsapp" : "off (set LOKET_WHATSAPP_APP_SECRET and LOKET_WHATSAPP_VERIFY_TOKEN)")")
                    Console.say("  Twilio webhook: \(server.twilioAuthToken != nil ? "on at /webhooks/twilio" : "off (set LOKET_TWILIO_AUTH_TOKEN)"); replies: \(senders.twilio ? "sent through the Messages API" : "printed here (set LOKET_TWILIO_ACCOUNT_SID and LOKET_TWILIO_FROM to send)")")
                    Console.say("  generic webhook: \(server.genericSecret != nil ? "on at /webhooks/generic" : "off (set LOKET_GENERIC_SECRET)")")
                    Console.say("  payment notices: \(server.paymentSecret != nil ? "on at /webhooks/payments" : "off (set LOKET_PAYMENT_SECRET)")")
                    var logger = Logger(label: "loket")
                    logger.logLevel = .info
                    let app = try LoketApplication.build(desk: desk, configuration: server, vault: vault, logger: logger)
                    try await app.runService()
                }
            } catch {
                Console.fail("\(error)")
            }
        }
    }
}
