import ArgumentParser
import Crypto
import Foundation
import Hummingbird
import LoketChannels
import LoketCore
import LoketDesk
import LoketServer
import LoketStore
import Logging

extension Loket.Bench {
    /// `loket bench console`: the officer's queue page and a case page over HTTP, with a million stored cases.
    struct ConsolePages: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "console",
            abstract: "Seed many cases, then time the queue page and case pages over HTTP (name a scratch database with --db).")

        @OptionGroup var options: EngineOptions

        @Option(help: "Cases to store; one in ten is open (waiting for an officer or claimed).")
        var cases = 1_000_000

        @Option(help: "Page loads to time for each page.")
        var requests = 100

        @Option(help: "The loopback port of the server under test.")
        var port = 18_765

        func run() async throws {
            let environment = MachineEnvironment(configuration: Composition.configuration(self.options))
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("loket-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let url = self.options.db ?? "sqlite:" + scratch.appendingPathComponent("bench.sqlite").path
            let (count, requests, port) = (self.cases, self.requests, self.port)
            try await Composition.withStore(url: url) { store in
                let desk = Desk(store: store, environment: environment)
                try await desk.seedDirectory()
                let seeded = try await Self.seed(store, count: count)
                print(String(format: "seeded %d cases in %.1f s", count, seeded))
                var officers = OfficerDesk(desk: desk, vault: nil)
                officers.passwordRounds = 1 << 10
                _ = try await officers.saveUser(name: "bench", role: .officer, password: "bench-password", at: Date())
                guard case .signedIn(let token, _, _) = try await officers.signIn(name: "bench", password: "bench-password", at: Date()) else {
                    Console.fail("the benchmark's officer could not sign in")
                }
                let vault = try DocumentVault(folder: scratch.appendingPathComponent("vault"), key: SymmetricKey(size: .bits256))
                var logger = Logger(label: "bench")
                logger.logLevel = .critical
                let app = try LoketApplication.build(
                    desk: desk, configuration: ServerConfiguration(port: port, webChat: false), vault: vault, logger: logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await app.runService(gracefulShutdownSignals: []) }
                    defer { group.cancelAll() }
                    let client = Browser(base: "http://127.0.0.1:\(port)", cookie: "loket_session=\(token)")
                    try await client.waitUntilUp()
                    for (label, path) in [
                        ("queue page", "/officer/queue"), ("queue page, one service", "/officer/queue?service=change_phone"),
                        ("queue page 200 (offset 9,950)", "/officer/queue?page=200"), ("case page", "/officer/cases/BENCH-0000042"),
                    ] {
                        print(try await client.time(path, label: label, times: requests))
                    }
                }
            }
        }

        /// One in ten cases open (queued or claimed), the rest closed, over six services and three years; batches of
        /// 10,000 per transaction. Returns the seconds taken.
        private static func seed(_ store: any LoketStore.Store, count: Int) async throws -> Double {
            let started = Date()
            let services: [Intent] = [.reactivate, .activate, .changePhone, .register, .addMember, .changeFaskes]
            let closed: [CaseState] = [.done, .done, .done, .rejected, .cancelled]
            var batch: [CaseFile] = []
            for index in 0..<count {
                let opened = started.addingTimeInterval(-Double(count - index) * 90)
                var file = CaseFile(id: String(format: "BENCH-%07d", index), service: services[index % services.count], citizen: String(format: "+62812%08d", index), openedAt: opened)
                file.nik = "3171015708900002"
                file.answers = ["nik": "3171015708900002", "birth_date": "1990-08-17"]
                file.history = [CaseEvent(at: opened, actor: "citizen", action: "opened")]
                if index % 10 == 2 {
                    file.state = index % 20 == 2 ? .claimed : .queued
                    file.claimedBy = file.state == .claimed ? "officer-\(index % 7)" : nil
                    file.dueAt = opened.addingTimeInterval(3 * 24 * 3600)
                } else {
                    file.state = closed[index % closed.count]
                    file.history.append(CaseEvent(at: opened.addingTimeInterval(2 * 24 * 3600), actor: "officer:bench", action: file.state.rawValue))
                }
                batch.append(file)
                if batch.count == 10_000 {
                    try await store.importCases(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try await store.importCases(batch) }
            return Date().timeIntervalSince(started)
        }
    }

    /// Loads console pages as a signed-in officer over libcurl.
    struct Browser {
        let base: String
        let cookie: String
        let client = CurlHTTPClient()

        func waitUntilUp() async throws {
            for _ in 0..<100 {
                if let answer = try? await self.client.send(OutboundRequest(method: "GET", url: self.base + "/healthz", timeout: 1)), answer.status == 200 { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw TransportError("the server under test did not start on \(self.base)")
        }

        /// Median, 95th and 99th percentile of `times` loads of `path`, after one warm-up load.
        func time(_ path: String, label: String, times: Int) async throws -> String {
            let request = OutboundRequest(method: "GET", url: self.base + path, headers: [("Cookie", self.cookie)])
            let first = try await self.client.send(request)
            guard first.status == 200 else { throw TransportError("\(path) answered HTTP \(first.status)") }
            let clock = ContinuousClock()
            var durations: [Duration] = []
            for _ in 0..<times {
                let started = clock.now
                _ = try await self.client.send(request)
                durations.append(clock.now - started)
            }
            durations.sort()
            func ms(_ share: Double) -> String {
                let value = durations[min(durations.count - 1, Int(Double(durations.count) * share))]
                return String(format: "%.1f", Double(value.components.attoseconds) / 1e15 + Double(value.components.seconds) * 1000)
            }
            return "\(label): median \(ms(0.5)) ms, p95 \(ms(0.95)) ms, p99 \(ms(0.99)) ms (\(first.body.count / 1024) KiB)"
        }
    }
}
