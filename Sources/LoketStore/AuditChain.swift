import Crypto
import Foundation

/// The audit log's tamper evidence: every entry carries the SHA-256 of the previous entry's hash followed by the
/// entry as stored, so changing, removing or inserting an entry breaks the chain from there on.
package enum AuditChain {
    /// What the first entry's hash follows.
    package static let genesis = String(repeating: "0", count: 64)

    /// The hash of an entry stored as `text` after an entry whose hash is `previous` (lower-case hex).
    package static func link(previous: String, text: String) -> String {
        SHA256.hash(data: Data((previous + text).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Recomputes the whole chain, a page at a time.
    package static func verify(_ store: any Store, pageSize: Int = 1000) async throws -> AuditVerification {
        var previous = self.genesis
        var after: Int64 = 0
        var count = 0
        while true {
            let page = try await store.auditLinks(after: after, limit: pageSize)
            for link in page {
                guard link.hash == self.link(previous: previous, text: link.text) else {
                    return AuditVerification(entries: count, firstBroken: link.sequence)
                }
                previous = link.hash ?? ""
                count += 1
            }
            guard let last = page.last, page.count == pageSize else { return AuditVerification(entries: count, firstBroken: nil) }
            after = last.sequence
        }
    }
}

/// One audit entry as the chain sees it: its place, its stored text and the hash stored with it.
package struct AuditLink: Sendable, Equatable {
    package var sequence: Int64
    package var text: String
    package var hash: String?

    package init(sequence: Int64, text: String, hash: String?) {
        self.sequence = sequence
        self.text = text
        self.hash = hash
    }
}

/// What `loket audit verify` finds.
package struct AuditVerification: Sendable, Equatable {
    /// Entries whose hash matched, in order, before the first that did not.
    package var entries: Int
    /// The sequence number of the first entry whose hash does not match; nil when the chain is whole.
    package var firstBroken: Int64?

    package init(entries: Int, firstBroken: Int64?) {
        self.entries = entries
        self.firstBroken = firstBroken
    }
}
