import Foundation

/// An outbound HTTP request: to a platform's API, a webhook, a media URL.
package struct OutboundRequest: Sendable {
    package var method: String
    package var url: String
    package var headers: [(name: String, value: String)]
    package var body: Data?
    /// Seconds before the request is given up.
    package var timeout: Int

    package init(method: String, url: String, headers: [(name: String, value: String)] = [], body: Data? = nil, timeout: Int = 15) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// A platform's answer.
package struct OutboundResponse: Sendable {
    package var status: Int
    package var body: Data
}

/// Why a request got no answer at all (connection refused, time-out, DNS), as opposed to an error status.
package struct TransportError: Error, CustomStringConvertible {
    package var description: String
    /// Whether the request may have reached the other side before it failed (a timeout, a connection cut while
    /// waiting for the answer); false when it certainly did not (no connection was made).
    package var mayHaveArrived: Bool

    package init(_ description: String, mayHaveArrived: Bool = false) {
        self.description = description
        self.mayHaveArrived = mayHaveArrived
    }
}

/// Sends HTTP requests; libcurl in production, the same in tests against local servers.
package protocol HTTPClient: Sendable {
    func send(_ request: OutboundRequest) async throws -> OutboundResponse
}
