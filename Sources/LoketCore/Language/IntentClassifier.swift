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

/// Two models over word, word-pair and character n-gram evidence, trained at start from the examples in
/// `config/nlu` and averaged: a softmax (multinomial logistic) regression, which weighs words against each other,
/// and naive Bayes, which is steadier on short messages whose words were each seen with one intent.
///
/// Words carry most weight; character n-grams (3–4 letters, inside words) let typos and unseen inflections
/// ("nonaktf", "diaktifin") still count. Both give probabilities, so the average is a confidence. Messages that name another
/// institution's business, or ask a medical question without a word of membership administration, are out of
/// scope whatever else they say; so is a message the model is unsure about (below ``floor``).
package struct IntentClassifier: Sendable {
    package let normalizer: TextNormalizer
    private let markers: OutOfScopeMarkers.Matcher
    private let intents: [Intent]
    private let featureIndex: [UInt64: Int]
    /// Weights, `featureIndex` rows × `intents` columns.
    private let weights: [Float]
    private let bias: [Float]
    /// Naive Bayes log-likelihoods, `featureIndex` rows × `intents` columns.
    private let logLikelihoods: [Float]
    /// Confidence below which a message is out of scope.
    package var floor: Double = 0.2

    private static let wordWeight: Float = 1.0
    private static let pairWeight: Float = 0.6
    private static let gramWeight: Float = 0.25
    private static let epochs = 40
    private static let learningRate: Float = 1.0
    private static let l2: Float = 0.000005
    /// Naive Bayes over unit-length vectors is far too unsure; this turns its scores into useful probabilities.
    private static let bayesSharpness: Float = 4

    /// Trains on labelled examples.
    package init(examples: [Intent: [String]], normalizer: TextNormalizer, markers: OutOfScopeMarkers = .init()) {
        let vocabulary = examples.values.joined().flatMap { normalizer.tokens($0) }
        let normalizer = normalizer.learning(vocabulary.filter { !$0.hasPrefix("#") })
        let intents = Intent.allCases.filter { !(examples[$0] ?? []).isEmpty }
        var index: [UInt64: Int] = [:]
        var samples: [(features: [(Int, Float)], label: Int)] = []
        for (column, intent) in intents.enumerated() {
            for example in examples[intent] ?? [] {
                let features = Self.vector(normalizer.tokens(example)) { feature in
                    if let row = index[feature] { return row }
                    index[feature] = index.count
                    return index.count - 1
                }
                samples.append((features, column))
            }
        }
        let (weights, bias) = Self.train(samples, features: index.count, classes: intents.count)
        self.logLikelihoods = Self.countEvidence(samples, features: index.count, classes: intents.count)
        self.normalizer = normalizer
        self.markers = markers.matcher(normalizedBy: normalizer)
        self.intents = intents
        self.featureIndex = index
        self.weights = weights
        self.bias = bias
    }

    /// Stochastic gradient descent on the cross-entropy, in a fixed order so training is deterministic.
    private static func train(
        _ samples: [(features: [(Int, Float)], label: Int)],
        features: Int,
        classes: Int
    ) -> ([Float], [Float]) {
        var weights = Array(repeating: Float(0), count: features * classes)
        var bias = Array(repeating: Float(0), count: classes)
        var order = Array(samples.indices)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        var scores = Array(repeating: Float(0), count: classes)
        for epoch in 0..<self.epochs {
            // A fixed pseudo-random shuffle per epoch (Fisher–Yates over a linear congruential sequence).
            for position in stride(from: order.count - 1, to: 0, by: -1) {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                order.swapAt(position, Int((seed >> 33) % UInt64(position + 1)))
            }
            let rate = self.learningRate / (1 + Float(epoch) * 0.3)
            for sampleIndex in order {
                let sample = samples[sampleIndex]
                self.scores(sample.features, weights: weights, bias: bias, classes: classes, into: &scores)
                self.softmax(&scores)
                for column in 0..<classes {
                    let gradient = scores[column] - (column == sample.label ? 1 : 0)
                    bias[column] -= rate * gradient
                    for (row, value) in sample.features {
                        let slot = row * classes + column
                        weights[slot] -= rate * (gradient * value + self.l2 * weights[slot])
                    }
                }
            }
        }
        return (weights, bias)
    }

    /// Naive Bayes: smoothed log-likelihood of each feature under each intent.
    private static func countEvidence(
        _ samples: [(features: [(Int, Float)], label: Int)],
        features: Int,
        classes: Int
    ) -> [Float] {
        var counts = Array(repeating: Float(0), count: features * classes)
        var totals = Array(repeating: Float(0), count: classes)
        for sample in samples {
            for (row, value) in sample.features {
                counts[row * classes + sample.label] += value
                totals[sample.label] += value
            }
        }
        let smoothing: Float = 0.05
        for row in 0..<features {
            for column in 0..<classes {
                let slot = row * classes + column
                counts[slot] = log((counts[slot] + smoothing) / (totals[column] + smoothing * Float(features)))
            }
        }
        return counts
    }

    private static func scores(_ features: [(Int, Float)], weights: [Float], bias: [Float], classes: Int, into scores: inout [Float]) {
        for column in 0..<classes { scores[column] = bias[column] }
        for (row, value) in features {
            let base = row * classes
            for column in 0..<classes { scores[column] += weights[base + column] * value }
        }
    }

    private static func softmax(_ scores: inout [Float]) {
        let best = scores.max() ?? 0
        var sum: Float = 0
        for column in scores.indices {
            scores[column] = exp(scores[column] - best)
            sum += scores[column]
        }
        for column in scores.indices { scores[column] /= sum }
    }

    /// The message's features, weighted and scaled to unit length, as (row, value) pairs sorted by row.
    ///
    /// Features are identified by 64-bit FNV-1a hashes of their characters, so a message needs no strings for
    /// its n-grams: words, word pairs, and 3- and 4-letter grams of words with their boundaries (`<kar`, `tu>`).
    private static func vector(_ tokens: [String], row: (UInt64) -> Int?) -> [(Int, Float)] {
        var entries: [(Int, Float)] = []
        entries.reserveCapacity(tokens.count * 14)
        func add(_ feature: UInt64, _ weight: Float) {
            if let index = row(feature) { entries.append((index, weight)) }
        }
        var scalars: [UInt32] = []
        var previous: UInt64?
        for token in tokens {
            scalars.removeAll(keepingCapacity: true)
            scalars.append(0x3C)
            for scalar in token.unicodeScalars { scalars.append(scalar.value) }
            scalars.append(0x3E)
            let word = self.hash(scalars[1..<(scalars.count - 1)], seed: 1)
            add(word, self.wordWeight)
            if let previous { add((previous &* 0x100_0000_01B3) ^ word ^ 0x9E37_79B9, self.pairWeight) }
            previous = word
            guard token.first != "#", scalars.count >= 6 else { continue }
            for size in 3...4 where scalars.count > size {
                for start in 0...(scalars.count - size) {
                    add(self.hash(scalars[start..<(start + size)], seed: 3), self.gramWeight)
                }
            }
        }
        entries.sort { $0.0 < $1.0 }
        var merged: [(Int, Float)] = []
        merged.reserveCapacity(entries.count)
        for entry in entries {
            if let last = merged.last, last.0 == entry.0 {
                merged[merged.count - 1].1 += entry.1
            } else {
                merged.append(entry)
            }
        }
        let norm = merged.reduce(Float(0)) { $0 + $1.1 * $1.1 }.squareRoot()
        guard norm > 0 else { return [] }
        return merged.map { ($0.0, $0.1 / norm) }
    }

    /// FNV-1a over character values, with a seed per kind of feature.
    private static func hash(_ scalars: ArraySlice<UInt32>, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for scalar in scalars {
            hash = (hash ^ UInt64(scalar)) &* 0x100_0000_01B3
        }
        return hash
    }

    private static func wordHash(_ token: String) -> UInt64 {
        self.hash(ArraySlice(token.unicodeScalars.map(\.value)), seed: 1)
    }

    package func classify(_ text: String) -> IntentPrediction {
        let tokens = self.normalizer.tokens(text)
        if self.markers.marksOutOfScope(tokens) {
            return IntentPrediction(intent: .outOfScope, confidence: 0.99, alternatives: [])
        }
        let features = Self.vector(tokens) { self.featureIndex[$0] }
        guard !features.isEmpty else {
            return IntentPrediction(intent: .outOfScope, confidence: 0.99, alternatives: [])
        }
        var scores = Array(repeating: Float(0), count: self.intents.count)
        Self.scores(features, weights: self.weights, bias: self.bias, classes: self.intents.count, into: &scores)
        Self.softmax(&scores)
        var bayes = Array(repeating: Float(0), count: self.intents.count)
        for (row, value) in features {
            for column in bayes.indices { bayes[column] += value * self.logLikelihoods[row * bayes.count + column] }
        }
        for column in bayes.indices { bayes[column] *= Self.bayesSharpness }
        Self.softmax(&bayes)
        let ranked = zip(self.intents, zip(scores, bayes).map { Double($0 + $1) / 2 }).sorted { $0.1 > $1.1 }
        var prediction = IntentPrediction(
            intent: ranked[0].0,
            confidence: ranked[0].1,
            alternatives: ranked.dropFirst().prefix(3).map { .init(intent: $0.0, confidence: $0.1) }
        )
        // Known words carry the evidence; a message of mostly unknown words is not for us.
        let knownWords = tokens.filter { self.featureIndex[Self.wordHash($0)] != nil }.count
        let knownShare = Double(knownWords) / Double(max(1, tokens.count))
        if prediction.intent != .outOfScope && (prediction.confidence < self.floor || knownShare < 0.25) {
            prediction.alternatives.insert(.init(intent: prediction.intent, confidence: prediction.confidence), at: 0)
            prediction.alternatives = Array(prediction.alternatives.prefix(3))
            prediction.intent = .outOfScope
            prediction.confidence = 1 - prediction.confidence
        }
        return prediction
    }
}
