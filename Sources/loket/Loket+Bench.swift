import ArgumentParser
import Foundation
import LoketCore

extension Loket {
    /// `loket bench`: speed measurements reported in issue notes (never asserted by tests).
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure speed; reported in issue notes, never asserted by tests.",
            discussion: "Build with -c release for meaningful numbers: swift build -c release && .build/release/loket bench nlu",
            subcommands: [NLU.self, Store.self, ConsolePages.self]
        )
    }
}

extension Loket.Bench {
    /// `loket bench nlu`: language understanding per message, and training at start.
    struct NLU: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "nlu", abstract: "Measure language understanding per message, and training at start.")

        @OptionGroup var options: EngineOptions

        @Option(help: "Messages to time, LABEL<TAB>TEXT lines.")
        var messages = "eval/intents.tsv"

        @Option(help: "Rounds over the messages.")
        var rounds = 20

        func run() throws {
            let configuration = Composition.configuration(self.options)
            let clock = ContinuousClock()
            var training: [Duration] = []
            var understanding: Understanding?
            for _ in 0..<5 {
                training.append(clock.measure { understanding = Understanding(configuration: configuration) })
            }
            guard let understanding else { return }
            guard let data = FileManager.default.contents(atPath: self.messages), let text = String(data: data, encoding: .utf8) else {
                Console.fail("cannot read \(self.messages)")
            }
            let lines = text.split(separator: "\n").compactMap { $0.split(separator: "\t", maxSplits: 1).last.map(String.init) }
            var perMessage: [Duration] = []
            perMessage.reserveCapacity(lines.count * self.rounds)
            var sink = 0
            for _ in 0..<self.rounds {
                for line in lines {
                    perMessage.append(clock.measure {
                        let prediction = understanding.classifier.classify(line)
                        let entities = understanding.extractor.extract(line)
                        sink &+= prediction.alternatives.count &+ entities.problems.count
                    })
                }
            }
            print("training at start (\(training.count) runs): median \(Self.milliseconds(Self.median(training))) ms, "
                + "max \(Self.milliseconds(training.max()!)) ms")
            print("classify + extract one message (\(perMessage.count) runs over \(lines.count) messages): "
                + "median \(Self.microseconds(Self.median(perMessage))) µs, "
                + "p99 \(Self.microseconds(Self.percentile(perMessage, 0.99))) µs")
            if sink == .min { print(sink) }  // Keeps the work from being optimised away.
        }

        private static func median(_ values: [Duration]) -> Duration { self.percentile(values, 0.5) }

        private static func percentile(_ values: [Duration], _ share: Double) -> Duration {
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * share))]
        }

        private static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        private static func milliseconds(_ duration: Duration) -> String { String(format: "%.1f", self.seconds(duration) * 1e3) }

        private static func microseconds(_ duration: Duration) -> String { String(format: "%.1f", self.seconds(duration) * 1e6) }
    }
}
