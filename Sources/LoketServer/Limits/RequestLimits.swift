import Foundation
import Hummingbird
import NIOCore

/// How much one client may ask: requests per source address, messages per citizen, and how long a request body
/// may take to arrive. Answers beyond them are the JSON errors of the contract, counted in
/// `loket_requests_rejected_total`.
package struct RequestLimits: Sendable {
    /// `LOKET_ADDRESS_LIMIT_PER_MINUTE` (default 6000; 0 turns it off): requests from one IP address.
    package var perAddressPerMinute: Int
    /// `LOKET_SENDER_LIMIT_PER_MINUTE` (default 30; 0 turns it off): messages from one citizen, which no person
    /// typing reaches.
    package var perSenderPerMinute: Int
    /// A request body must arrive within this time; a slower client is answered 408 and cut off.
    package var bodyTimeout: Duration
    /// An open connection with nothing to read for this long is closed.
    package var idleTimeout: Duration
    /// The time the token buckets count by: the wall clock, or a still one in tests.
    package var clock: @Sendable () -> Date = { Date() }

    package init(perAddressPerMinute: Int = 6000, perSenderPerMinute: Int = 30, bodyTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60)) {
        self.perAddressPerMinute = perAddressPerMinute
        self.perSenderPerMinute = perSenderPerMinute
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
    }

    /// The limits named in the environment, the defaults otherwise.
    package static func from(environment: [String: String]) -> RequestLimits {
        var limits = RequestLimits()
        if let value = environment["LOKET_ADDRESS_LIMIT_PER_MINUTE"].flatMap(Int.init) { limits.perAddressPerMinute = value }
        if let value = environment["LOKET_SENDER_LIMIT_PER_MINUTE"].flatMap(Int.init) { limits.perSenderPerMinute = value }
        return limits
    }
}

/// The limiters of one running server.
final class Gatekeeper: Sendable {
    let limits: RequestLimits
    private let addresses: RateLimiter
    private let senders: RateLimiter

    init(_ limits: RequestLimits) {
        self.limits = limits
        // Bursts of a tenth of a minute's allowance for addresses (a page with its assets), of twenty for a citizen
        // (a few photos at once).
        self.addresses = RateLimiter(perMinute: limits.perAddressPerMinute, burst: max(1, limits.perAddressPerMinute / 10))
        self.senders = RateLimiter(perMinute: limits.perSenderPerMinute, burst: 20)
    }

    /// - Throws: ``APIError`` 429 when `sender` wrote more than its share; the platform delivers it again later.
    func admit(sender: String) throws {
        if let retryAfter = self.senders.admit(sender, at: self.limits.clock()) {
            throw APIError.rateLimited("too many messages from one sender; try again later", retryAfter: retryAfter)
        }
    }

    func admit(address: String) throws {
        if let retryAfter = self.addresses.admit(address, at: self.limits.clock()) {
            throw APIError.rateLimited("too many requests from this address; try again later", retryAfter: retryAfter)
        }
    }
}

/// Limits every request by its source address, except the probes of load balancers and monitoring.
struct AddressLimitMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let gatekeeper: Gatekeeper
    private static var probes: Set<String> { ["/healthz", "/readyz", "/metrics"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if !Self.probes.contains(request.uri.path), let address = context.remoteAddress?.ipAddress {
            try self.gatekeeper.admit(address: address)
        }
        return try await next(request, context)
    }
}

/// Reads every request body within the time limit before a route sees it: a client that sends its body more
/// slowly is answered 408 and cut off, so it cannot hold a connection and a task open at will. Routes then read
/// the body from memory, each within its own size limit.
struct BodyDeadlineMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The largest body any route accepts (the web chat's photos); each route checks its own limit after.
    let limit: Int
    let timeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post || request.method == .put || request.method == .patch else { return try await next(request, context) }
        let body = request.body
        let (limit, timeout) = (self.limit, self.timeout)
        let collected = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: limit) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let collected = first else {
                throw APIError(status: .requestTimeout, code: "request_timeout", message: "the request body did not arrive in time")
            }
            return collected
        }
        var request = request
        request.body = RequestBody(buffer: collected)
        return try await next(request, context)
    }
}

/// The request context of Loket's routes: Hummingbird's, with the client's address for the limits.
package struct LoketRequestContext: RequestContext, RemoteAddressRequestContext {
    package var coreContext: CoreRequestContextStorage
    package let remoteAddress: SocketAddress?

    package init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
