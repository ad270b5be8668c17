import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LoketCore
import LoketStore
import NIOCore
import Testing
import Yams

/// The JSON API at `/api/v1`: bearer tokens, roles, the queue, cases and decisions, and its OpenAPI document.
@Suite struct APITests {
    let console = ConsoleTests()

    static func json(_ object: [String: String]) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    /// Signs in and returns the bearer token.
    static func token(_ client: any TestClientProtocol, _ name: String) async throws -> String {
        try await client.execute(
            uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json"],
            body: Self.json(["name": name, "password": "rahasia-123"])
        ) { response in
            #expect(response.status == .created)
            let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            return try #require(body?["token"] as? String)
        }
    }

    static func call(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String?, body: [String: String]? = nil
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map(Self.json)) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:])
        }
    }

    @Test func theOpenAPIDocumentDescribesEveryRoute() async throws {
        try await self.console.withConsole { client, _ in
            try await client.execute(uri: "/api/v1/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                let document = try #require(try Yams.load(yaml: String(buffer: response.body)) as? [String: Any])
                let paths = try #require(document["paths"] as? [String: Any])
                #expect(Set(paths.keys) == [
                    "/api/v1/sessions", "/api/v1/queue", "/api/v1/supervision", "/api/v1/cases/{id}", "/api/v1/cases/{id}/decisions",
                    "/api/v1/cases/{id}/documents/{key}", "/api/v1/openapi.yaml",
                ])
            }
        }
    }

    @Test func anOfficerWorksACaseThroughTheAPI() async throws {
        try await self.console.withConsole { client, store in
            try await ConsoleTests.queuedCase("PDW-20261122-0101", in: store)
            #expect(try await Self.call(client, .get, "/api/v1/queue", token: nil).status == .unauthorized)
            #expect(try await Self.call(client, .get, "/api/v1/queue", token: "made-up").status == .unauthorized)
            let sari = try await Self.token(client, "sari")
            let queue = try await Self.call(client, .get, "/api/v1/queue?service=reactivate", token: sari)
            #expect(queue.status == .ok)
            #expect(queue.json["total"] as? Int == 1)
            #expect((queue.json["cases"] as? [[String: Any]])?.first?["id"] as? String == "PDW-20261122-0101")
            #expect(try await Self.call(client, .get, "/api/v1/queue?state=nonsense", token: sari).status == .badRequest)

            let detail = try await Self.call(client, .get, "/api/v1/cases/PDW-20261122-0101", token: sari)
            #expect(detail.json["nik"] as? String == "3310052006680002")
            #expect((detail.json["directory"] as? [String: Any])?["name"] as? String == "Slamet Riyadi")
            #expect(try await Self.call(client, .get, "/api/v1/cases/NOPE", token: sari).status == .notFound)

            let claimed = try await Self.call(client, .post, "/api/v1/cases/PDW-20261122-0101/decisions", token: sari, body: ["action": "claim"])
            #expect(claimed.status == .ok)
            #expect(claimed.json["state"] as? String == "claimed")
            let budi = try await Self.token(client, "budi")
            let taken = try await Self.call(client, .post, "/api/v1/cases/PDW-20261122-0101/decisions", token: budi, body: ["action": "approve"])
            #expect(taken.status == .conflict)
            #expect(try await Self.call(client, .post, "/api/v1/cases/PDW-20261122-0101/decisions", token: sari, body: ["action": "fly"]).status == .badRequest)
            let asked = try await Self.call(
                client, .post, "/api/v1/cases/PDW-20261122-0101/decisions", token: sari, body: ["action": "ask", "document": "kk"])
            #expect(asked.json["state"] as? String == "needs_info")
            #expect(asked.json["messages_queued"] as? Int == 1)

            let admin = try await Self.token(client, "admin")
            #expect(try await Self.call(client, .get, "/api/v1/queue", token: admin).status == .forbidden)
            #expect(try await Self.call(client, .get, "/api/v1/supervision", token: sari).status == .forbidden)
            let supervision = try await Self.call(client, .get, "/api/v1/supervision", token: admin)
            #expect(supervision.status == .ok)
            #expect((supervision.json["decisions"] as? [[String: Any]])?.first?["officer"] as? String == "sari")
            #expect(try await Self.call(client, .delete, "/api/v1/sessions", token: sari).status == .noContent)
            #expect(try await Self.call(client, .get, "/api/v1/queue", token: sari).status == .unauthorized)
        }
    }
}
