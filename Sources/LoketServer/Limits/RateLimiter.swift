import Foundation
import Synchronization

/// Token buckets by key (a sender, an IP address): on average `perMinute` requests a minute, in bursts of up to
/// `burst`. A limit of zero lets everything through.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    let perMinute: Int
    let burst: Int
    private let buckets = Mutex<[String: Bucket]>([:])
    /// More keys than this and the full buckets are forgotten (a full bucket says nothing a new one would not).
    private static let pruneAbove = 50_000

    init(perMinute: Int, burst: Int) {
        self.perMinute = perMinute
        self.burst = max(1, burst)
    }

    /// Takes a token for `key` at `now`: nil when the request may go on, else the seconds until it may.
    func admit(_ key: String, at now: Date) -> Int? {
        guard self.perMinute > 0 else { return nil }
        let rate = Double(self.perMinute) / 60
        let capacity = Double(self.burst)
        return self.buckets.withLock { buckets in
            if buckets.count > Self.pruneAbove {
                buckets = buckets.filter { $0.value.tokens + now.timeIntervalSince($0.value.updated) * rate < capacity }
            }
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * rate)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else { return Int(((1 - bucket.tokens) / rate).rounded(.up)) }
            bucket.tokens -= 1
            return nil
        }
    }
}
