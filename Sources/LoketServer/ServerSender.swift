import Foundation
import LoketCore
import LoketDesk
import LoketStore

/// Where `loket serve` delivers replies: web chat citizens read theirs from the page (delivered once stored);
/// everyone else's are printed by the console transport, the default until a platform sender is configured.
struct ServerSender: ReplySender {
    func send(_ entry: OutboxEntry) async throws {
        guard !entry.recipient.hasPrefix("web:") else { return }
        let text = entry.reply.plainText.replacingOccurrences(of: "\n", with: "\n    ")
        print("→ \(Masking.maskPhone(entry.recipient)) [\(entry.id)]\n    \(text)")
    }
}
