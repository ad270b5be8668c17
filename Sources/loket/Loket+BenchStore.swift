import ArgumentParser
import Foundation
import LoketCore
import LoketDesk
import LoketStore

extension Loket.Bench {
    /// `loket bench store`: durable event throughput and commit latency on SQLite or PostgreSQL.
    struct Store: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store",
            abstract: "Measure durable events per second and commit latency (name a scratch database with --db).")

        @OptionGroup var options: EngineOptions

        @Option(help: "Citizen messages to handle.")
        var events = 2000

        @Option(help: "Citizens writing at the same time.")
        var concurrency = 8

        func run() async throws {
            let environment = MachineEnvironment(configuration: Composition.configuration(self.options))
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("loket-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let url = self.options.db ?? "sqlite:" + scratch.appendingPathComponent("bench.sqlite").path
            let (events, concurrency) = (self.events, self.concurrency)
            let report = try await Composition.withStore(url: url) { store in
                try await Self.measure(Desk(store: store, environment: environment), events: events, concurrency: concurrency)
            }
            print("store \(Masking.maskURL(url).split(separator: ":").first ?? "")")
            print(report)
        }

        /// Each worker is one citizen at a time, sending a short conversation; every message is one durable commit.
        private static func measure(_ desk: Desk, events: Int, concurrency: Int) async throws -> String {
            let script = ["halo", "menu", "berapa iurannya?", "terima kasih", "batal"]
            let clock = ContinuousClock()
            let run = UUID().uuidString.prefix(8)
            let started = clock.now
            let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        var measured: [Duration] = []
                        for index in stride(from: worker, to: events, by: concurrency) {
                            let citizen = "+62812\(String(format: "%08d", index / script.count % 100_000))"
                            let message = InboundMessage(id: "bench-\(run)-\(index)", from: citizen, text: script[index % script.count])
                            let begin = clock.now
                            _ = try await desk.receive(message, at: Date())
                            measured.append(clock.now - begin)
                        }
                        return measured
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }.sorted()
            }
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            func ms(_ share: Double) -> String {
                let value = latencies[min(latencies.count - 1, Int(Double(latencies.count) * share))]
                let milliseconds = Double(value.components.seconds) * 1e3 + Double(value.components.attoseconds) / 1e15
                return String(format: "%.2f", milliseconds)
            }
            return String(
                format: "%d events, %d at a time: %.0f events/s; commit latency p50 %@ ms, p99 %@ ms",
                latencies.count, concurrency, Double(latencies.count) / seconds, ms(0.5), ms(0.99))
        }
    }
}
