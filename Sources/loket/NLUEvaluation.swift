import Foundation
import LoketCore

/// Intent accuracy, out-of-scope recall, wrongly refused in-scope messages, per-intent figures and confusions.
struct IntentEvaluation {
    var report: String

    init(rows: [(String, String)], classifier: IntentClassifier) {
        var correct = 0
        var truePositives: [String: Int] = [:]
        var predicted: [String: Int] = [:]
        var actual: [String: Int] = [:]
        var confusions: [String: Int] = [:]
        var outOfScope = (total: 0, caught: 0)
        var inScope = (total: 0, refused: 0)
        for (label, text) in rows {
            let accepted = label.split(separator: "|").map(String.init)
            let guess = classifier.classify(text).intent.rawValue
            let primary = accepted[0]
            actual[primary, default: 0] += 1
            predicted[guess, default: 0] += 1
            if accepted.contains(guess) {
                correct += 1
                truePositives[guess, default: 0] += 1
            } else {
                confusions["\(primary) → \(guess)", default: 0] += 1
            }
            if primary == "out_of_scope" {
                outOfScope.total += 1
                if guess == "out_of_scope" { outOfScope.caught += 1 }
            } else {
                inScope.total += 1
                if guess == "out_of_scope" { inScope.refused += 1 }
            }
        }
        func percent(_ part: Int, _ whole: Int) -> String {
            whole == 0 ? "-" : String(format: "%.1f%%", 100 * Double(part) / Double(whole))
        }
        var lines = [
            "messages: \(rows.count)",
            "accuracy: \(percent(correct, rows.count))",
            "out_of_scope recall: \(percent(outOfScope.caught, outOfScope.total)) (\(outOfScope.caught)/\(outOfScope.total))",
            "in-scope wrongly refused: \(percent(inScope.refused, inScope.total)) (\(inScope.refused)/\(inScope.total))",
            "",
            "intent                 precision  recall  support",
        ]
        for intent in Set(actual.keys).union(predicted.keys).sorted() {
            let hits = truePositives[intent] ?? 0
            let name = intent.padding(toLength: 22, withPad: " ", startingAt: 0)
            let precision = percent(hits, predicted[intent] ?? 0).padding(toLength: 10, withPad: " ", startingAt: 0)
            let recall = percent(hits, actual[intent] ?? 0).padding(toLength: 7, withPad: " ", startingAt: 0)
            lines.append("\(name) \(precision) \(recall) \(actual[intent] ?? 0)")
        }
        lines.append("")
        lines.append("confusions (expected → predicted):")
        for (pair, count) in confusions.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            lines.append("  \(count)× \(pair)")
        }
        self.report = lines.joined(separator: "\n")
    }
}

/// The share of messages whose extracted entities equal the expected ones exactly, with the misses listed.
struct EntityEvaluation {
    var report: String

    init(rows: [(String, String)], extractor: EntityExtractor) {
        var exact = 0
        var misses: [String] = []
        for (expectedJSON, text) in rows {
            let expected = (try? JSONSerialization.jsonObject(with: Data(expectedJSON.utf8)) as? [String: String]) ?? [:]
            let actual = NLUJSON.dictionary(extractor.extract(text))
            if actual == expected {
                exact += 1
            } else {
                misses.append("  \(text)\n    expected \(expectedJSON)\n    got      \(NLUJSON.entities(extractor.extract(text)))")
            }
        }
        self.report = (["messages: \(rows.count)", String(format: "exact match: %.1f%%", 100 * Double(exact) / Double(rows.count))]
            + (misses.isEmpty ? [] : ["misses:"] + misses)).joined(separator: "\n")
    }
}
