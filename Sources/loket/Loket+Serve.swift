import ArgumentParser
import Foundation
import Hummingbird
import LoketCore
import LoketDesk
import LoketServer
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
            let server = ServerConfiguration(
                host: self.host, port: self.port, whatsAppAppSecret: environment["LOKET_WHATSAPP_APP_SECRET"],
                whatsAppVerifyToken: environment["LOKET_WHATSAPP_VERIFY_TOKEN"], genericSecret: environment["LOKET_GENERIC_SECRET"])
            let url = Composition.databaseURL(self.options)
            let (host, port) = (self.host, self.port)
            do {
                let vault = try Composition.vault()
                try await Composition.withStore(url: url) { store in
                    let desk = Desk(store: store, environment: machine)
                    try await desk.seedDirectory()
                    Console.say("Loket is running: web chat at http://\(host):\(port)/chat, health at http://\(host):\(port)/healthz")
                    Console.say("  store: \(Masking.maskURL(url)); replies to WhatsApp numbers are printed here (console transport)")
                    Console.say("  WhatsApp webhook: \(server.whatsAppAppSecret != nil && server.whatsAppVerifyToken != nil ? "on at /webhooks/whatsapp" : "off (set LOKET_WHATSAPP_APP_SECRET and LOKET_WHATSAPP_VERIFY_TOKEN)")")
                    Console.say("  generic webhook: \(server.genericSecret != nil ? "on at /webhooks/generic" : "off (set LOKET_GENERIC_SECRET)")")
                    var logger = Logger(label: "loket")
                    logger.logLevel = .info
                    let app = LoketApplication.build(desk: desk, configuration: server, vault: vault, logger: logger)
                    try await app.runService()
                }
            } catch {
                Console.fail("\(error)")
            }
        }
    }
}
