import Foundation

/// The classifier's answer: the most likely intent, how sure it is, and the runners-up.
package struct IntentPrediction: Equatable, Sendable {
    package struct Alternative: Equatable, Sendable {
        package var intent: Intent
        package var confidence: Double
    }

    package var intent: Intent
    package var confidence: Double
    /// The next most likely intents, best first.
    package var alternatives: [Alternative]
}

/// A naive Bayes intent classifier over word, word-pair and character n-gram evidence, trained at start.
///
/// Words carry most weight; character n-grams (3–4 letters, inside words) let typos and unseen inflections
/// ("nonaktf", "diaktifin") still count. Scores are turned into calibrated confidences by a softmax whose
/// temperature grows with the amount of evidence. Below ``floor`` the answer is `out_of_scope`.
package struct IntentClassifier: Sendable {
    package let normalizer: TextNormalizer
    private let intents: [Intent]
    private let featureIndex: [String: Int]
    /// Log-likelihoods, `featureIndex` rows × `intents` columns.
    private let logLikelihoods: [Float]
    /// Per intent, the log-likelihood of a feature never seen with it.
    private let unseenLogLikelihood: [Float]
    /// Confidence below which a message is out of scope.
    package var floor: Double = 0.35
    /// How sharply scores turn into confidences.
    package var sharpness: Double = 2.2

    private static let wordWeight: Float = 1.0
    private static let pairWeight: Float = 0.6
    private static let gramWeight: Float = 0.18

    /// Trains on labelled examples.
    package init(examples: [Intent: [String]], normalizer: TextNormalizer) {
        let vocabulary = examples.values.joined().flatMap { normalizer.tokens($0) }
        let normalizer = normalizer.learning(vocabulary.filter { !$0.hasPrefix("#") })
        let intents = Intent.allCases.filter { !(examples[$0] ?? []).isEmpty }
        var index: [String: Int] = [:]
        var counts: [[Int: Float]] = Array(repeating: [:], count: intents.count)
        var totals = Array(repeating: Float(0), count: intents.count)
        for (column, intent) in intents.enumerated() {
            for example in examples[intent] ?? [] {
                for (feature, weight) in Self.features(normalizer.tokens(example)) {
                    let row = index[feature] ?? {
                        index[feature] = index.count
                        return index.count - 1
                    }()
                    counts[column][row, default: 0] += weight
                    totals[column] += weight
                }
            }
        }
        let smoothing: Float = 0.1
        let size = Float(index.count)
        var table = Array(repeating: Float(0), count: index.count * intents.count)
        var unseen = Array(repeating: Float(0), count: intents.count)
        for column in intents.indices {
            let denominator = totals[column] + smoothing * size
            unseen[column] = log(smoothing / denominator)
            for row in 0..<index.count {
                table[row * intents.count + column] = log(((counts[column][row] ?? 0) + smoothing) / denominator)
            }
        }
        self.normalizer = normalizer
        self.intents = intents
        self.featureIndex = index
        self.logLikelihoods = table
        self.unseenLogLikelihood = unseen
    }

    /// Word, word-pair and character n-gram features with their weights.
    private static func features(_ tokens: [String]) -> [(String, Float)] {
        var features: [(String, Float)] = []
        features.reserveCapacity(tokens.count * 8)
        var previous: String?
        for token in tokens {
            features.append((token, self.wordWeight))
            if let previous { features.append((previous + " " + token, self.pairWeight)) }
            previous = token
            guard !token.hasPrefix("#"), token.count >= 4 else { continue }
            let characters = Array("<" + token + ">")
            for size in 3...4 where characters.count > size {
                for start in 0...(characters.count - size) {
                    features.append((String(characters[start..<(start + size)]), self.gramWeight))
                }
            }
        }
        return features
    }

    package func classify(_ text: String) -> IntentPrediction {
        let tokens = self.normalizer.tokens(text)
        var scores = Array(repeating: Double(0), count: self.intents.count)
        var evidence: Float = 0
        for (feature, weight) in Self.features(tokens) {
            guard let row = self.featureIndex[feature] else { continue }
            evidence += weight
            let base = row * self.intents.count
            for column in self.intents.indices {
                scores[column] += Double(weight * self.logLikelihoods[base + column])
            }
        }
        guard evidence > 0 else {
            return IntentPrediction(intent: .outOfScope, confidence: 1, alternatives: [])
        }
        // Known words carry the evidence; a message of mostly unknown words is not for us.
        let knownWords = tokens.filter { self.featureIndex[$0] != nil }.count
        let temperature = self.sharpness / Double(evidence).squareRoot()
        let best = scores.max() ?? 0
        let exponentials = scores.map { exp(($0 - best) * temperature) }
        let sum = exponentials.reduce(0, +)
        let ranked = zip(self.intents, exponentials.map { $0 / sum }).sorted { $0.1 > $1.1 }
        var prediction = IntentPrediction(
            intent: ranked[0].0,
            confidence: ranked[0].1,
            alternatives: ranked.dropFirst().prefix(3).map { .init(intent: $0.0, confidence: $0.1) }
        )
        let knownShare = Double(knownWords) / Double(max(1, tokens.count))
        if prediction.intent != .outOfScope && (prediction.confidence < self.floor || knownShare < 0.34) {
            prediction.alternatives.insert(.init(intent: prediction.intent, confidence: prediction.confidence), at: 0)
            prediction.alternatives = Array(prediction.alternatives.prefix(3))
            prediction.intent = .outOfScope
            prediction.confidence = 1 - prediction.confidence
        }
        return prediction
    }
}
