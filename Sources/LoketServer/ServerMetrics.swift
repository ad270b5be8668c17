import Foundation
import LoketCore
import LoketStore
import Metrics
import Prometheus

/// Every metric the server exports, created once, with closed label sets and never personal data.
package struct ServerMetrics: Sendable {
    package let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let received: [String: Metrics.Counter]
    private let sent: [String: Metrics.Counter]
    private let rejected: [String: Metrics.Counter]
    private let eventDuration: Metrics.Timer
    private let outboxPending: Metrics.Gauge
    private let outboxOldest: Metrics.Gauge
    private let deadLetters: Metrics.Gauge
    private let cases: [String: Metrics.Gauge]
    private let payments: [String: Metrics.Counter]

    static let channels = ["whatsapp", "twilio", "generic", "web", "console"]
    static let rejections = [
        "unauthorized", "bad_request", "payload_too_large", "unavailable", "forbidden", "not_found", "conflict", "locked",
        "unknown_virtual_account", "rate_limited", "request_timeout", "method_not_allowed", "internal",
    ]
    static let paymentOutcomes = ["applied", "duplicate", "refused"]

    package init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        let factory = PrometheusMetricsFactory(registry: registry)
        self.registry = registry
        self.factory = factory
        self.received = Dictionary(uniqueKeysWithValues: Self.channels.map {
            ($0, Metrics.Counter(label: "loket_messages_received_total", dimensions: [("channel", $0)], factory: factory))
        })
        self.sent = Dictionary(uniqueKeysWithValues: Self.channels.map {
            ($0, Metrics.Counter(label: "loket_messages_sent_total", dimensions: [("channel", $0)], factory: factory))
        })
        self.rejected = Dictionary(uniqueKeysWithValues: Self.rejections.map {
            ($0, Metrics.Counter(label: "loket_requests_rejected_total", dimensions: [("reason", $0)], factory: factory))
        })
        self.eventDuration = Metrics.Timer(label: "loket_event_duration_seconds", dimensions: [], factory: factory)
        self.outboxPending = Metrics.Gauge(label: "loket_outbox_pending", factory: factory)
        self.outboxOldest = Metrics.Gauge(label: "loket_outbox_oldest_pending_seconds", factory: factory)
        self.deadLetters = Metrics.Gauge(label: "loket_dead_letters", factory: factory)
        self.payments = Dictionary(uniqueKeysWithValues: Self.paymentOutcomes.map {
            ($0, Metrics.Counter(label: "loket_payments_total", dimensions: [("outcome", $0)], factory: factory))
        })
        self.cases = Dictionary(uniqueKeysWithValues: CaseState.allCases.map {
            ($0.rawValue, Metrics.Gauge(label: "loket_cases", dimensions: [("state", $0.rawValue)], factory: factory))
        })
    }

    func messageReceived(channel: String) { self.received[channel]?.increment() }
    func messageSent(channel: String?) { self.sent[channel ?? "console"]?.increment() }
    func requestRejected(code: String) { self.rejected[code]?.increment() }
    /// A payment notice: `applied`, `duplicate` or `refused` (no open bill for the virtual account).
    func payment(_ outcome: String) { self.payments[outcome]?.increment() }
    func eventHandled(seconds: Double) { self.eventDuration.recordNanoseconds(Int64(seconds * 1e9)) }

    func record(_ statistics: StoreStatistics) {
        self.outboxPending.record(statistics.outboxPending)
        self.outboxOldest.record(statistics.oldestPendingSeconds)
        self.deadLetters.record(statistics.deadLetters)
        for (state, gauge) in self.cases { gauge.record(statistics.casesByState[state] ?? 0) }
    }

    /// The Prometheus text format.
    func exposition() -> String { self.registry.emitToString() }
}
