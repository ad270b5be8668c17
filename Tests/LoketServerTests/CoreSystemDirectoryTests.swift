import Foundation
import Hummingbird
import HummingbirdTesting
import LoketChannels
import LoketCore
import NIOCore
import Synchronization
import Testing

/// The core system's directory over libcurl, against a local server speaking the documented contract.
@Suite struct CoreSystemDirectoryTests {
    /// A core system whose answers the test scripts: the status of each next call, then 200.
    final class Script: Sendable {
        private let state = Mutex<(statuses: [Int], calls: Int)>(([], 0))
        func fail(_ statuses: [Int]) { self.state.withLock { $0.statuses = statuses } }
        func next() -> Int { self.state.withLock { $0.calls += 1; return $0.statuses.isEmpty ? 200 : $0.statuses.removeFirst() } }
        var calls: Int { self.state.withLock { $0.calls } }
    }

    static let siti = """
        {"participant":{"nik":"3171015708900002","name":"Siti Rahma","birth_date":"1990-08-17","status":"nonaktif","reason":"tunggakan",\
        "segment":"pbpu","class":3,"arrears_months":3,"phone":"+6281234567890","card":"0001234567890","kk":"3171010101100001",\
        "faskes":"Puskesmas Menteng"},"family":[]}
        """

    static func coreSystem(_ script: Script) -> some ApplicationProtocol {
        let router = Router()
        router.get("/api/participants/:nik") { request, context -> Response in
            guard request.headers[.authorization] == "Bearer core-token" else { return Response(status: .unauthorized) }
            let status = script.next()
            guard status == 200 else { return Response(status: .init(code: status)) }
            guard context.parameters.get("nik") == "3171015708900002" else { return Response(status: .notFound) }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: Self.siti)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func directory(port: Int, breaker: CircuitBreaker = CircuitBreaker(), clock: @escaping @Sendable () -> Date = { Date() }) -> CoreSystemDirectory {
        var directory = CoreSystemDirectory(client: CurlHTTPClient(), baseURL: "http://127.0.0.1:\(port)/api", token: "core-token", breaker: breaker)
        directory.retryPause = .zero
        directory.clock = clock
        return directory
    }

    @Test func findsAParticipantAndKnowsAnUnregisteredNIK() async throws {
        let script = Script()
        try await Self.coreSystem(script).test(.live) { client in
            let directory = Self.directory(port: try #require(client.port))
            #expect(try await directory.record(nik: "3171015708900002")?.participant.name == "Siti Rahma")
            #expect(try await directory.record(nik: "3310052006680002") == nil)
        }
    }

    @Test func aPassingFailureIsRetried() async throws {
        let script = Script()
        try await Self.coreSystem(script).test(.live) { client in
            script.fail([503, 500])
            let directory = Self.directory(port: try #require(client.port))
            #expect(try await directory.record(nik: "3171015708900002")?.participant.card == "0001234567890")
            #expect(script.calls == 3)
        }
    }

    @Test func aFailingCoreSystemOpensTheCircuitUntilATrialSucceeds() async throws {
        let script = Script()
        let now = Mutex(Date(timeIntervalSince1970: 1_772_417_700))
        try await Self.coreSystem(script).test(.live) { client in
            let breaker = CircuitBreaker(threshold: 2, coolDown: 30)
            let directory = Self.directory(port: try #require(client.port), breaker: breaker, clock: { now.withLock { $0 } })
            script.fail(Array(repeating: 500, count: 6))
            await #expect(throws: DirectoryUnavailable.self) { try await directory.record(nik: "3171015708900002") }
            await #expect(throws: DirectoryUnavailable.self) { try await directory.record(nik: "3171015708900002") }
            #expect(await breaker.isOpen)
            #expect(script.calls == 6)
            // Open: the core system is not called, and the citizen hears when to try again.
            do {
                _ = try await directory.record(nik: "3171015708900002")
                Issue.record("the lookup went through an open circuit")
            } catch let unavailable as DirectoryUnavailable {
                #expect(unavailable.retryAfter == now.withLock { $0 }.addingTimeInterval(30))
            }
            #expect(script.calls == 6)
            // Cooled down: one trial goes through and closes the circuit.
            now.withLock { $0 = $0.addingTimeInterval(31) }
            #expect(try await directory.record(nik: "3171015708900002") != nil)
            #expect(await !breaker.isOpen)
        }
    }
}
