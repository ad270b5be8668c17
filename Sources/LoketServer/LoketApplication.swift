import Foundation
import Hummingbird
import LoketChannels
import LoketCore
import LoketDesk
import LoketStore
import Logging

/// Builds the HTTP application: routes for health, webhooks and the web chat, and the workers that deliver the
/// outbox and fire timers, all in one process.
package enum LoketApplication {
    package static func build(
        desk: Desk,
        configuration: ServerConfiguration,
        vault: DocumentVault?,
        metrics: ServerMetrics = ServerMetrics(),
        logger: Logger
    ) throws -> some ApplicationProtocol {
        let router = Router(context: LoketRequestContext.self)
        let gatekeeper = Gatekeeper(configuration.limits)
        router.add(middleware: APIErrorMiddleware(metrics: metrics))
        router.add(middleware: AddressLimitMiddleware(gatekeeper: gatekeeper))
        router.add(middleware: BodyDeadlineMiddleware(limit: WebChatRoutes.maxBody, timeout: configuration.limits.bodyTimeout))
        router.get("/healthz") { _, _ in Self.json(#"{"status":"ok"}"#) }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        router.get("/readyz") { _, _ in
            let current: Bool
            do {
                current = try await desk.store.migrationsAreCurrent()
            } catch {
                throw APIError.unavailable("the store is not reachable")
            }
            guard current else { throw APIError.unavailable("the database schema is behind this build; run loket migrate") }
            return Self.json(#"{"status":"ready"}"#)
        }
        let media = MediaIntake(sources: configuration.mediaSources, vault: vault, store: desk.store)
        if let secret = configuration.whatsAppAppSecret, let token = configuration.whatsAppVerifyToken {
            WhatsAppRoutes(desk: desk, appSecret: secret, verifyToken: token, media: media, metrics: metrics, gatekeeper: gatekeeper).add(to: router)
        }
        if let token = configuration.twilioAuthToken {
            TwilioRoutes(
                desk: desk, authToken: token, publicURL: configuration.twilioWebhookURL, media: media, metrics: metrics, gatekeeper: gatekeeper).add(to: router)
        }
        if let secret = configuration.paymentSecret {
            PaymentRoutes(desk: desk, secret: secret, metrics: metrics).add(to: router)
        }
        if let secret = configuration.genericSecret {
            GenericRoutes(desk: desk, secret: secret, metrics: metrics, gatekeeper: gatekeeper).add(to: router)
        }
        if configuration.webChat {
            WebChatRoutes(desk: desk, vault: vault, metrics: metrics, gatekeeper: gatekeeper).add(to: router)
        }
        let pages = try ConsolePages()
        let officers = OfficerDesk(desk: desk, vault: vault)
        let services = desk.environment.configuration
        ConsoleRoutes(officers: officers, pages: pages, views: ConsoleViews(configuration: services, pages: pages)).add(to: router)
        APIRoutes(officers: officers, configuration: services, openAPI: pages.openAPI).add(to: router)
        let dispatcher = OutboxDispatcher(store: desk.store, sender: CountingSender(sender: configuration.sender, metrics: metrics))
        let workers = [
            WorkerService(name: "outbox", interval: .milliseconds(300)) {
                do { try await dispatcher.deliverDue(at: Date()) } catch { logger.warning("Outbox pass failed; retrying") }
            },
            WorkerService(name: "timers", interval: .seconds(5)) {
                do { _ = try await desk.fireDueTimers(at: Date()) } catch { logger.warning("Timer pass failed; retrying") }
            },
            WorkerService(name: "metrics", interval: .seconds(15)) {
                guard let statistics = try? await desk.store.statistics(at: Date()) else { return }
                metrics.record(statistics)
                // Today's backlog for the supervisor's chart; the day's last note stands for the day.
                let today = desk.environment.configuration.calendar.local(Date()).date.iso
                let waiting = (statistics.casesByState[CaseState.queued.rawValue] ?? 0) + (statistics.casesByState[CaseState.claimed.rawValue] ?? 0)
                try? await desk.store.recordBacklog(day: today, waiting: waiting)
            },
        ]
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(configuration.limits.idleTimeout.components.seconds) * 1_000_000_000))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Loket"),
            services: configuration.runsWorkers ? workers : [],
            logger: logger)
    }

    /// Counts each delivered reply by channel.
    private struct CountingSender: ReplySender {
        let sender: any ReplySender
        let metrics: ServerMetrics

        func send(_ entry: OutboxEntry) async throws -> String? {
            let platformID = try await self.sender.send(entry)
            self.metrics.messageSent(channel: entry.channel)
            return platformID
        }
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
