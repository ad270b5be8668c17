import Foundation
import Testing

/// A small coverage-blind fuzzer in the manner of libFuzzer's mutators: each round takes an input of the seed
/// corpus, mutates it a few times (bit flips, byte insertions and deletions, repeated chunks, splices with other
/// inputs, tokens that parsers find interesting) and hands it to a property that must hold for any input.
///
/// Runs for `LOKET_FUZZ_SECONDS` per target (default: a short pass in `swift test`) from the seed in
/// `LOKET_FUZZ_SEED` (default: random, printed, so a failure can be replayed); `scripts/fuzz.sh` runs longer.
struct Fuzzer {
    /// SplitMix64: small, fast and reproducible from its seed.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Bytes parsers treat specially: JSON and form syntax, numbers at the edges, odd Unicode.
    static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "-1", "0", "1e308", "99999999999999999999", "\\u0000", "\\ud800",
        "&", "=", "%", "%ZZ", "%00", "+", "\n", "\r\n", "#", "~", "/", "[image ", "bot: ", "user: ", "officer: ", "clock: +",
        "é", "🙏", "\u{202E}", "٣", "3171015708900002", "+62", "0812", "1990-02-31", "    ",
    ].map { Array($0.utf8) }

    let name: String
    var random: Random
    let seconds: Double
    /// Inputs tried however short the time: enough to find something on a slow machine, few enough that a target
    /// whose round is slow does not hold a thread of the shared pool for long.
    let leastRounds: Int

    init(_ name: String, leastRounds: Int = 200) {
        self.leastRounds = leastRounds
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["LOKET_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        self.name = name
        self.random = Random(state: seed)
        self.seconds = environment["LOKET_FUZZ_SECONDS"].flatMap(Double.init) ?? 0.5
        print("fuzz \(name): seed \(seed), \(self.seconds) s")
    }

    /// Feeds mutated corpus inputs to `property` until the time is up; a failure names the input as base64.
    mutating func run(corpus: [[UInt8]], _ property: ([UInt8]) throws -> Void) {
        precondition(!corpus.isEmpty, "a fuzz target needs a seed corpus")
        let deadline = Date().addingTimeInterval(self.seconds)
        var rounds = 0
        for input in corpus { self.check(input, property) }
        while Date() < deadline || rounds < self.leastRounds {
            var input = corpus[Int.random(in: 0..<corpus.count, using: &self.random)]
            for _ in 0..<Int.random(in: 1...6, using: &self.random) { input = self.mutate(input, corpus: corpus) }
            self.check(input, property)
            rounds += 1
        }
        print("fuzz \(self.name): \(rounds) inputs")
    }

    private func check(_ input: [UInt8], _ property: ([UInt8]) throws -> Void) {
        do {
            try property(input)
        } catch {
            Issue.record("fuzz \(self.name): \(error) for input (base64) \(Data(input).base64EncodedString())")
        }
    }

    mutating func mutate(_ input: [UInt8], corpus: [[UInt8]]) -> [UInt8] {
        var bytes = input
        let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &self.random)
        switch Int.random(in: 0..<7, using: &self.random) {
        case 0 where !bytes.isEmpty:
            bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &self.random)
        case 1:
            bytes.insert(UInt8.random(in: 0...255, using: &self.random), at: position)
        case 2 where !bytes.isEmpty:
            bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...16, using: &self.random)))
        case 3 where !bytes.isEmpty:
            let chunk = bytes[position..<min(bytes.count, position + Int.random(in: 1...32, using: &self.random))]
            bytes.insert(contentsOf: Array(repeating: chunk, count: Int.random(in: 1...8, using: &self.random)).joined(), at: position)
        case 4:
            let other = corpus[Int.random(in: 0..<corpus.count, using: &self.random)]
            let cut = other.isEmpty ? 0 : Int.random(in: 0..<other.count, using: &self.random)
            bytes = Array(bytes[..<position]) + Array(other[cut...])
        case 5:
            bytes.insert(contentsOf: Self.tokens[Int.random(in: 0..<Self.tokens.count, using: &self.random)], at: position)
        default:
            // A run of digits, as identifiers and amounts are.
            let digits = (0..<Int.random(in: 1...20, using: &self.random)).map { _ in UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &self.random) }
            bytes.insert(contentsOf: digits, at: position)
        }
        // Bounded, as the server bounds bodies.
        return Array(bytes.prefix(64 * 1024))
    }

    /// The files of a corpus folder next to this file.
    static func corpus(_ folder: String) throws -> [[UInt8]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus").appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: url.path).sorted().map { try Array(Data(contentsOf: url.appendingPathComponent($0))) }
    }

    /// Files of the repository (transcripts, config), as further corpora.
    static func repositoryFiles(_ folder: String, suffix: String) throws -> [(path: String, bytes: [UInt8])] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let base = root.appendingPathComponent(folder)
        var files: [(String, [UInt8])] = []
        let walker = FileManager.default.enumerator(atPath: base.path)
        while let relative = walker?.nextObject() as? String {
            guard relative.hasSuffix(suffix) else { continue }
            files.append((relative, Array(try Data(contentsOf: base.appendingPathComponent(relative)))))
        }
        return files.sorted { $0.0 < $1.0 }
    }
}

/// A property that did not hold.
struct PropertyViolation: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
