import Foundation
import LoketCore

/// The participant directory of an external core system, over HTTP (libcurl).
///
/// The contract: `GET {base}/participants/{nik}` with `Authorization: Bearer {token}` answers 200 with
/// `{"participant":{…},"family":[{…},…]}` (participants in the shape of `config/directory/`: `nik`, `name`,
/// `birth_date`, `status`, `reason`, `segment`, `class`, `arrears_months`, `phone`, `card`, `kk`, `faskes` …; the
/// family includes the participant), or 404 when the NIK is not registered. Anything else (a 5xx, a time-out, a
/// refused connection) is tried again after a short pause, twice; then the directory is unavailable and the citizen is
/// told when to try again. A ``CircuitBreaker`` stops calling a core system that keeps failing.
package struct CoreSystemDirectory: ParticipantDirectory {
    package let client: any HTTPClient
    /// `LOKET_DIRECTORY_URL`, e.g. `https://core.example.go.id/api`.
    package let baseURL: String
    /// `LOKET_DIRECTORY_TOKEN`.
    package let token: String
    package let breaker: CircuitBreaker
    /// Seconds one request may take.
    package var timeout = 5
    package var retries = 2
    /// The pause before the first retry; doubled before the next.
    package var retryPause: Duration = .milliseconds(200)
    package var clock: @Sendable () -> Date = { Date() }

    package init(client: any HTTPClient, baseURL: String, token: String, breaker: CircuitBreaker = CircuitBreaker()) {
        self.client = client
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.breaker = breaker
    }

    package func record(nik: String) async throws -> DirectoryRecord? {
        guard nik.count == 16, nik.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if let reopens = await self.breaker.permission(at: self.clock()) {
            throw DirectoryUnavailable(retryAfter: reopens, "the core system failed repeatedly; not called until it is tried again")
        }
        let request = OutboundRequest(
            method: "GET", url: "\(self.baseURL)/participants/\(nik)",
            headers: [("Authorization", "Bearer \(self.token)"), ("Accept", "application/json")], timeout: self.timeout)
        var failure = ""
        for attempt in 0...self.retries {
            if attempt > 0 { try await Task.sleep(for: self.retryPause * (1 << (attempt - 1))) }
            do {
                let response = try await self.client.send(request)
                switch response.status {
                case 200:
                    guard let record = try? JSONDecoder().decode(DirectoryRecord.self, from: response.body) else {
                        failure = "the core system's answer is not a directory record"
                        continue
                    }
                    await self.breaker.succeeded()
                    return record
                case 404:
                    await self.breaker.succeeded()
                    return nil
                default:
                    failure = "HTTP \(response.status)"
                }
            } catch {
                failure = "\(error)"
            }
        }
        let reopens = await self.breaker.failed(at: self.clock())
        throw DirectoryUnavailable(retryAfter: reopens ?? self.clock().addingTimeInterval(60), "the core system did not answer (\(failure))")
    }
}

/// Stops calling a service that keeps failing: after `threshold` failed calls in a row the circuit opens and calls
/// fail at once for `coolDown` seconds; then one call is let through, and its outcome closes or reopens the circuit.
package actor CircuitBreaker {
    package let threshold: Int
    package let coolDown: TimeInterval
    private var failures = 0
    private var openedAt: Date?
    private var trialUnderWay = false

    package init(threshold: Int = 5, coolDown: TimeInterval = 30) {
        self.threshold = threshold
        self.coolDown = coolDown
    }

    /// Nil when a call may go ahead; otherwise when calls may go ahead again.
    package func permission(at now: Date) -> Date? {
        guard let opened = self.openedAt else { return nil }
        let reopens = opened.addingTimeInterval(self.coolDown)
        if now < reopens { return reopens }
        // Cooled down: one trial call at a time.
        if self.trialUnderWay { return now.addingTimeInterval(self.coolDown) }
        self.trialUnderWay = true
        return nil
    }

    package func succeeded() {
        self.failures = 0
        self.openedAt = nil
        self.trialUnderWay = false
    }

    /// Records a failed call; returns when calls may go ahead again if the circuit is now open.
    package func failed(at now: Date) -> Date? {
        self.failures += 1
        self.trialUnderWay = false
        guard self.failures >= self.threshold || self.openedAt != nil else { return nil }
        self.openedAt = now
        return now.addingTimeInterval(self.coolDown)
    }

    package var isOpen: Bool { self.openedAt != nil }
}
