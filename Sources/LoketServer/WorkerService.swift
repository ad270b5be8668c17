import Foundation
import ServiceLifecycle

/// A background worker run beside the HTTP server: one pass every interval until graceful shutdown, which lets
/// the pass in hand finish.
struct WorkerService: Service {
    let name: String
    let interval: Duration
    let pass: @Sendable () async -> Void

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await self.pass()
            // The wait, unlike a pass, ends at once on shutdown, so that stopping takes no longer than the pass.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
    }
}
