import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LoketCore
import LoketDesk
import LoketServer
import LoketSQLite
import LoketStore
import Logging
import NIOCore
import Testing

/// The officer console over HTTP: sign-in, CSRF, roles, the queue, the case page and decisions that reach the
/// citizen.
@Suite struct ConsoleTests {
    /// A browser's cookie jar for one officer.
    final class Browser: @unchecked Sendable {
        var cookies: [String: String] = [:]
        let client: any TestClientProtocol

        init(_ client: any TestClientProtocol) {
            self.client = client
        }

        @discardableResult
        func get(_ uri: String) async throws -> (status: HTTPResponse.Status, body: String, headers: HTTPFields) {
            try await self.send(uri, method: .get, form: nil)
        }

        @discardableResult
        func post(_ uri: String, _ form: [(String, String)]) async throws -> (status: HTTPResponse.Status, body: String, headers: HTTPFields) {
            try await self.send(uri, method: .post, form: form)
        }

        private func send(_ uri: String, method: HTTPRequest.Method, form: [(String, String)]?) async throws -> (status: HTTPResponse.Status, body: String, headers: HTTPFields) {
            var headers = HTTPFields()
            if !self.cookies.isEmpty { headers[.cookie] = self.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
            var body: ByteBuffer?
            if let form {
                headers[.contentType] = "application/x-www-form-urlencoded"
                var allowed = CharacterSet.alphanumerics
                allowed.insert(charactersIn: "-._~")
                body = ByteBuffer(string: form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&"))
            }
            return try await self.client.execute(uri: uri, method: method, headers: headers, body: body) { response in
                for header in response.headers[values: .setCookie] {
                    let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
                    self.cookies[pair[0]] = pair.count > 1 ? pair[1] : ""
                    if header.contains("Max-Age=0") { self.cookies[pair[0]] = nil }
                }
                return (response.status, String(buffer: response.body), response.headers)
            }
        }

        /// The hidden `csrf` field of the last page.
        static func csrf(in page: String) -> String? {
            guard let field = page.range(of: #"name="csrf" value=""#) else { return nil }
            return String(page[field.upperBound...].prefix { $0 != "\"" })
        }

        func signIn(_ name: String, _ password: String) async throws -> HTTPResponse.Status {
            let page = try await self.get("/officer/signin")
            return try await self.post("/officer/signin", [("csrf", Self.csrf(in: page.body) ?? ""), ("name", name), ("password", password)]).status
        }
    }

    static let citizen = "+6285712345678"

    /// Runs `body` with the app, the store, two officers, a supervisor and an admin whose password is `rahasia-123`.
    func withConsole(_ body: @Sendable (any TestClientProtocol, any Store) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-console-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("loket.sqlite").path)
        let desk = Desk(store: store, environment: ServerTests.environment)
        try await desk.seedDirectory()
        var officers = OfficerDesk(desk: desk, vault: nil)
        officers.passwordRounds = 1 << 10
        for (name, role) in [("sari", Officer.Role.officer), ("budi", .officer), ("lina", .supervisor), ("admin", .admin)] {
            _ = try await officers.saveUser(name: name, role: role, password: "rahasia-123", at: Date())
        }
        let vault = try DocumentVault(folder: folder.appendingPathComponent("vault"), key: SymmetricKey(size: .bits256))
        let app = try LoketApplication.build(desk: desk, configuration: ServerTests.configuration, vault: vault, logger: Logger(label: "test"))
        try await app.test(.router) { client in try await body(client, store) }
    }

    /// A reactivation case waiting in the queue, from a citizen whose profile name is hostile HTML.
    static func queuedCase(_ id: String, in store: any Store, dueIn hours: Double = 8, branch: String = "klaten") async throws {
        var file = CaseFile(id: id, service: .reactivate, citizen: Self.citizen, openedAt: Date())
        file.state = .queued
        file.nik = "3310052006680002"
        file.name = "<script>alert('x')</script> Slamet"
        file.answers = ["nik": "3310052006680002", "birth_date": "1968-06-21"]
        file.dueAt = Date().addingTimeInterval(hours * 3600)
        file.branch = branch
        try await store.importCase(file)
    }

    @Test func signInSetsAStrictHttpOnlySessionAndRefusesForgedForms() async throws {
        try await self.withConsole { client, _ in
            let browser = Browser(client)
            #expect(try await browser.get("/officer/queue").status == .seeOther)
            let page = try await browser.get("/officer/signin")
            #expect(page.status == .ok)
            #expect(page.headers[.cacheControl] == "no-store")
            // Without the form's token the sign-in is refused, even with the right password.
            #expect(try await browser.post("/officer/signin", [("name", "sari"), ("password", "rahasia-123")]).status == .forbidden)
            #expect(try await browser.signIn("sari", "salah-sekali") == .unauthorized)
            let signedIn = try await browser.post(
                "/officer/signin", [("csrf", Browser.csrf(in: try await browser.get("/officer/signin").body) ?? ""), ("name", "sari"), ("password", "rahasia-123")])
            #expect(signedIn.status == .seeOther)
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("loket_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(try await browser.get("/officer/queue").status == .ok)
        }
    }

    @Test func fiveWrongPasswordsLockTheAccount() async throws {
        try await self.withConsole { client, _ in
            let browser = Browser(client)
            var answers: [HTTPResponse.Status] = []
            for _ in 0..<5 { answers.append(try await browser.signIn("budi", "tebak-tebakan")) }
            #expect(answers == [.unauthorized, .unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
            let rightPassword = try await browser.signIn("budi", "rahasia-123")
            #expect(rightPassword == .tooManyRequests)
        }
    }

    @Test func theQueueAndCasePageShowCitizenTextInert() async throws {
        try await self.withConsole { client, store in
            try await Self.queuedCase("PDW-20261122-0001", in: store)
            let browser = Browser(client)
            #expect(try await browser.signIn("sari", "rahasia-123") == .seeOther)
            let queue = try await browser.get("/officer/queue")
            #expect(queue.body.contains("PDW-20261122-0001"))
            #expect(!queue.body.contains("<script>alert"))
            let page = try await browser.get("/officer/cases/PDW-20261122-0001")
            #expect(page.status == .ok)
            #expect(page.body.contains("&lt;script&gt;"))
            #expect(!page.body.contains("<script>alert"))
            // The birth date given differs from the directory's: the row is marked.
            #expect(page.body.contains("mismatch"))
            #expect(try await store.auditLog(subject: "PDW-20261122-0001", limit: 10).map(\.action) == ["case_viewed"])
        }
    }

    @Test func decisionsNeedTheSessionsTokenAndReachTheCitizen() async throws {
        try await self.withConsole { client, store in
            try await Self.queuedCase("PDW-20261122-0002", in: store)
            let browser = Browser(client)
            #expect(try await browser.signIn("sari", "rahasia-123") == .seeOther)
            let page = try await browser.get("/officer/cases/PDW-20261122-0002")
            let csrf = try #require(Browser.csrf(in: page.body))
            #expect(try await browser.post("/officer/cases/PDW-20261122-0002", [("action", "claim")]).status == .forbidden)
            #expect(try await browser.post("/officer/cases/PDW-20261122-0002", [("action", "claim"), ("csrf", "forged")]).status == .forbidden)
            #expect(try await browser.post("/officer/cases/PDW-20261122-0002", [("action", "claim"), ("csrf", csrf)]).status == .seeOther)
            #expect(try await store.caseFile(id: "PDW-20261122-0002")?.claimedBy == "sari")

            // Another officer can neither claim nor decide it while Sari holds it.
            let other = Browser(client)
            #expect(try await other.signIn("budi", "rahasia-123") == .seeOther)
            let otherCSRF = try #require(Browser.csrf(in: try await other.get("/officer/cases/PDW-20261122-0002").body))
            #expect(try await other.post("/officer/cases/PDW-20261122-0002", [("action", "approve"), ("csrf", otherCSRF)]).status == .conflict)

            #expect(try await browser.post("/officer/cases/PDW-20261122-0002", [("action", "reject"), ("reason", "blurry"), ("document", "ktp"), ("csrf", csrf)]).status == .seeOther)
            let file = try #require(try await store.caseFile(id: "PDW-20261122-0002"))
            #expect(file.state == .needsInfo)
            let told = try await store.outbox(recipient: Self.citizen, limit: 10).map(\.reply.plainText)
            #expect(told.contains { $0.contains("PDW-20261122-0002") && $0.localizedCaseInsensitiveContains("KTP") })
            let audit = try await store.auditLog(subject: "PDW-20261122-0002", limit: 20).map(\.action)
            #expect(audit.contains("claim") && audit.contains("reject"))
            #expect(!audit.contains("approve"))
        }
    }

    @Test func anAdminManagesUsersButDoesNotWorkCases() async throws {
        try await self.withConsole { client, store in
            try await Self.queuedCase("PDW-20261122-0003", in: store)
            let browser = Browser(client)
            #expect(try await browser.signIn("admin", "rahasia-123") == .seeOther)
            #expect(try await browser.get("/officer/queue").status == .forbidden)
            #expect(try await browser.get("/officer/cases/PDW-20261122-0003").status == .forbidden)
        }
    }

    @Test func everyPageRendersInEnglishToo() async throws {
        try await self.withConsole { client, store in
            try await Self.queuedCase("PDW-20261122-0004", in: store)
            let browser = Browser(client)
            #expect(try await browser.signIn("sari", "rahasia-123") == .seeOther)
            let english = try await browser.get("/officer/queue?lang=en")
            #expect(english.body.contains(#"lang="en""#))
            // The choice is remembered.
            #expect(try await browser.get("/officer/cases/PDW-20261122-0004").body.contains(#"lang="en""#))
        }
    }

    @Test func aSupervisorSeesTheBacklogAndReassignsABreach() async throws {
        try await self.withConsole { client, store in
            try await Self.queuedCase("PDW-20261122-0005", in: store, dueIn: -2)
            try await Self.queuedCase("PDW-20261122-0006", in: store, dueIn: 30)
            try await store.recordBacklog(day: "2026-11-20", waiting: 4)
            try await store.recordBacklog(day: "2026-11-21", waiting: 2)
            let officer = Browser(client)
            #expect(try await officer.signIn("sari", "rahasia-123") == .seeOther)
            #expect(try await officer.get("/officer/supervisor").status == .forbidden)

            let supervisor = Browser(client)
            #expect(try await supervisor.signIn("lina", "rahasia-123") == .seeOther)
            let page = try await supervisor.get("/officer/supervisor")
            #expect(page.status == .ok)
            #expect(page.body.contains("<svg"))
            #expect(page.body.contains("2026-11-20: 4"))
            // Only the overdue case is a breach, offered for reassignment.
            #expect(page.body.contains("assign-PDW-20261122-0005"))
            #expect(!page.body.contains("assign-PDW-20261122-0006"))
            let csrf = try #require(Browser.csrf(in: page.body))
            let assigned = try await supervisor.post(
                "/officer/cases/PDW-20261122-0005", [("action", "assign"), ("officer", "budi"), ("back", "supervisor"), ("csrf", csrf)])
            #expect(assigned.status == .seeOther)
            #expect(try await store.caseFile(id: "PDW-20261122-0005")?.claimedBy == "budi")
            // An officer cannot hand cases around.
            let officerCSRF = try #require(Browser.csrf(in: try await officer.get("/officer/cases/PDW-20261122-0006").body))
            let refused = try await officer.post("/officer/cases/PDW-20261122-0006", [("action", "assign"), ("officer", "sari"), ("csrf", officerCSRF)])
            #expect(refused.status == .conflict)
        }
    }

    @Test func anOfficerOfABranchSeesThatBranchsQueueFirst() async throws {
        try await self.withConsole { client, store in
            try await Self.queuedCase("PDW-20261122-0007", in: store, branch: "klaten")
            try await Self.queuedCase("PDW-20261122-0008", in: store, branch: "bandung")
            var officers = OfficerDesk(desk: Desk(store: store, environment: ServerTests.environment), vault: nil)
            officers.passwordRounds = 1 << 10
            _ = try await officers.saveUser(name: "dewi", role: .officer, password: "rahasia-123", branch: "bandung", at: Date())
            let browser = Browser(client)
            #expect(try await browser.signIn("dewi", "rahasia-123") == .seeOther)
            let own = try await browser.get("/officer/queue")
            #expect(own.body.contains("PDW-20261122-0008"))
            #expect(!own.body.contains("PDW-20261122-0007"))
            let every = try await browser.get("/officer/queue?branch=")
            #expect(every.body.contains("PDW-20261122-0007") && every.body.contains("PDW-20261122-0008"))
        }
    }
}
