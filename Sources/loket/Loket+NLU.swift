import ArgumentParser
import Foundation
import LoketCore

extension Loket {
    /// `loket nlu …`: the language understanding on its own.
    struct NLU: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "nlu",
            abstract: "Classify messages, extract entities, and evaluate both.",
            subcommands: [Classify.self, Extract.self, Evaluate.self]
        )
    }
}

extension Loket.NLU {
    /// One message a line on stdin → one JSON object a line on stdout.
    struct Classify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Intent of each line of stdin, as JSON lines.")

        @OptionGroup var options: EngineOptions

        func run() throws {
            let understanding = Understanding(configuration: Composition.configuration(self.options))
            while let line = readLine() {
                print(NLUJSON.prediction(understanding.classifier.classify(line)))
            }
        }
    }

    /// One message a line on stdin → the entities found, as JSON lines.
    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Entities of each line of stdin, as JSON lines.")

        @Option(help: "Two-digit years up to this year's are read as 20xx.")
        var referenceYear = Calendar(identifier: .gregorian).component(.year, from: Date())

        func run() throws {
            let extractor = EntityExtractor(referenceYear: self.referenceYear)
            while let line = readLine() {
                print(NLUJSON.entities(extractor.extract(line)))
            }
        }
    }

    /// `LABEL<TAB>TEXT` lines → accuracy, per-intent precision and recall, confusion pairs; or, for
    /// `JSON<TAB>TEXT` lines, the share of messages whose entities match exactly.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "eval", abstract: "Evaluate intents or entities on a TSV file.")

        @OptionGroup var options: EngineOptions

        @Argument(help: "A TSV file: LABEL<TAB>TEXT (LABEL may be a|b), or EXPECTED_JSON<TAB>TEXT for entities.")
        var file: String

        @Option(help: "Two-digit years up to this year's are read as 20xx (entity files).")
        var referenceYear = 2026

        func run() throws {
            guard let data = FileManager.default.contents(atPath: self.file), let text = String(data: data, encoding: .utf8) else {
                Console.fail("cannot read \(self.file)")
            }
            let rows = text.split(separator: "\n").compactMap { line -> (String, String)? in
                let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
                guard parts.count == 2, !line.hasPrefix("#") else { return nil }
                return (parts[0], parts[1])
            }
            guard !rows.isEmpty else { Console.fail("\(self.file) has no LABEL<TAB>TEXT lines") }
            if rows[0].0.hasPrefix("{") {
                print(EntityEvaluation(rows: rows, extractor: EntityExtractor(referenceYear: self.referenceYear)).report)
            } else {
                let understanding = Understanding(configuration: Composition.configuration(self.options))
                print(IntentEvaluation(rows: rows, classifier: understanding.classifier).report)
            }
        }
    }
}
