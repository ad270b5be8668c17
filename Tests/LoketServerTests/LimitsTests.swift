import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LoketDesk
import LoketServer
import LoketSQLite
import LoketStore
import Logging
import NIOCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct LimitsTests {
    /// Runs `body` against the application with `limits`, on a fresh SQLite store, over `mode`. The limits' clock
    /// stands still, so that no bucket refills while a slow test run sends its requests.
    func withApp(
        _ limits: RequestLimits, _ mode: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var limits = limits
        let start = Date()
        limits.clock = { start }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-limits-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let desk = Desk(store: try SQLiteStore(path: folder.appendingPathComponent("loket.sqlite").path), environment: ServerTests.environment)
        var configuration = ServerTests.configuration
        configuration.port = 0
        configuration.limits = limits
        let vault = try DocumentVault(folder: folder.appendingPathComponent("vault"), key: SymmetricKey(size: .bits256))
        let app = try LoketApplication.build(desk: desk, configuration: configuration, vault: vault, logger: Logger(label: "test"))
        try await app.test(mode) { client in try await body(client) }
    }

    static func generic(_ id: String, from sender: String) -> (HTTPFields, ByteBuffer) {
        let body = Data(#"{"id":"\#(id)","from":"\#(sender)","text":"halo min"}"#.utf8)
        return (ServerTests.signed(body, header: HTTPField.Name("X-Loket-Signature")!, secret: "generic-secret"), ByteBuffer(bytes: body))
    }

    @Test func aSenderWritingFasterThanAPersonIsToldToComeBackAndOthersAreNot() async throws {
        try await self.withApp(RequestLimits(perAddressPerMinute: 0, perSenderPerMinute: 30)) { client in
            for number in 1...20 {
                let (headers, body) = Self.generic("g-\(number)", from: "+6285712345678")
                try await client.execute(uri: "/webhooks/generic", method: .post, headers: headers, body: body) { #expect($0.status == .ok) }
            }
            let (headers, body) = Self.generic("g-21", from: "+6285712345678")
            try await client.execute(uri: "/webhooks/generic", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .tooManyRequests)
                #expect(String(buffer: response.body).contains(#""code":"rate_limited""#))
                #expect((1...2).contains(Int(response.headers[.retryAfter] ?? "") ?? 0))
            }
            let (otherHeaders, otherBody) = Self.generic("g-22", from: "+6281298765432")
            try await client.execute(uri: "/webhooks/generic", method: .post, headers: otherHeaders, body: otherBody) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains(#"loket_requests_rejected_total{reason="rate_limited"} 1"#))
            }
        }
    }

    @Test func oneAddressIsLimitedButTheProbesAreNot() async throws {
        try await self.withApp(RequestLimits(perAddressPerMinute: 20, perSenderPerMinute: 0), .live) { client in
            try await client.execute(uri: "/chat", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/chat", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/chat", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(String(buffer: response.body).contains("too many requests from this address"))
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func aBodyThatArrivesTooSlowlyIsCutOffWithATimeout() async throws {
        let limits = RequestLimits(perAddressPerMinute: 0, perSenderPerMinute: 0, bodyTimeout: .milliseconds(500))
        try await self.withApp(limits, .live) { client in
            let port = try #require(client.port)
            // Announces 200 bytes and sends 10, then nothing: the server answers by itself.
            let request = "POST /webhooks/generic HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 200\r\n\r\n{\"id\":\"g-"
            // The blocking socket waits on a thread of its own, not on one the server under test needs.
            let answer = try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(with: Result { try Self.exchange(port: port, request) }) }
            }
            #expect(answer.hasPrefix("HTTP/1.1 408"))
            #expect(answer.contains(#""code":"request_timeout""#))
        }
    }

    /// Sends `request` over a plain socket and reads until the server closes or has answered a whole response.
    static func exchange(port: Int, _ request: String) throws -> String {
        let handle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(handle) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(handle, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(handle, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        _ = request.withCString { send(handle, $0, strlen($0), 0) }
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(handle, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            received += buffer[0..<count]
            if let text = String(bytes: received, encoding: .utf8), text.contains("\r\n\r\n"), text.hasSuffix("}") { break }
        }
        return String(decoding: received, as: UTF8.self)
    }
}
