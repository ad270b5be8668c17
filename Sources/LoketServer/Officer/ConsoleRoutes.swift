import Foundation
import HTTPTypes
import Hummingbird
import LoketCore
import LoketDesk
import LoketStore

/// The officer console at `/officer/…`: sign-in, the queue, the case page, documents and decisions.
///
/// Server-rendered pages that work without JavaScript. The session lives in an HttpOnly, SameSite=Strict cookie
/// holding a random token (the store keeps its hash); every form carries the session's CSRF token, and the
/// sign-in form a token tied to a cookie of its own, so that no other site can post in an officer's name.
struct ConsoleRoutes: Sendable {
    let officers: OfficerDesk
    let pages: ConsolePages
    let views: ConsoleViews
    static let pageSize = 50

    func add(to router: Router<LoketRequestContext>) {
        router.get("/officer") { _, _ in Self.redirect(to: "/officer/queue") }
        router.get("/officer/static/officer.css") { _, _ in
            Response(status: .ok, headers: ConsolePages.headers(contentType: "text/css; charset=utf-8"), body: .init(byteBuffer: self.pages.stylesheet))
        }
        router.get("/officer/static/live.js") { _, _ in
            Response(status: .ok, headers: ConsolePages.headers(contentType: "text/javascript; charset=utf-8"), body: .init(byteBuffer: self.pages.liveScript))
        }
        router.get("/officer/signin") { request, _ in try self.signInPage(request, error: nil, name: nil) }
        router.post("/officer/signin") { request, _ in try await self.signIn(request) }
        router.post("/officer/signout") { request, _ in try await self.signOut(request) }
        router.get("/officer/queue") { request, _ in try await self.queue(request) }
        router.get("/officer/supervisor") { request, _ in try await self.supervisor(request) }
        router.get("/officer/cases/:id") { request, context in
            try await self.casePage(request, id: try context.parameters.require("id"), error: nil)
        }
        router.post("/officer/cases/:id") { request, context in try await self.decide(request, id: try context.parameters.require("id")) }
        router.get("/officer/cases/:id/documents/:key") { request, context in
            try await self.document(request, id: try context.parameters.require("id"), key: try context.parameters.require("key"))
        }
    }

    // MARK: - Signing in and out

    private func signInPage(_ request: Request, error: String?, name: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let language = ConsoleLanguage(request)
        let token = OfficerDesk.newToken()
        var chrome = self.views.chrome(language, officer: nil, csrf: token, path: "/officer/signin")
        chrome.error = error
        var response = try self.pages.render(SignInPage(chrome: chrome, name: name), template: "signin", status: status)
        response.setCookie(Self.cookie(ConsoleCookie.signIn, token, request: request, maxAge: 3600))
        language.remember(in: &response, request: request)
        return response
    }

    private func signIn(_ request: Request) async throws -> Response {
        let form = try await ConsoleForm(request)
        let language = ConsoleLanguage(request)
        // The sign-in form's token must match the cookie set with the form.
        guard let expected = request.cookies[ConsoleCookie.signIn]?.value, ConsoleForm.same(form["csrf"], expected) else {
            throw APIError.forbidden("the form's CSRF token is missing or wrong; open the sign-in page again")
        }
        let name = form["name"] ?? ""
        switch try await self.officers.signIn(name: name, password: form["password"] ?? "", at: Date()) {
        case .signedIn(let token, let session, _):
            var response = Self.redirect(to: "/officer/queue")
            response.setCookie(Self.cookie(ConsoleCookie.session, token, request: request, maxAge: Int(session.expiresAt.timeIntervalSinceNow)))
            response.setCookie(Self.cookie(ConsoleCookie.signIn, "", request: request, maxAge: 0))
            return response
        case .refused:
            return try self.signInPage(request, error: self.pages.word("signin_refused", language.code), name: name, status: .unauthorized)
        case .locked(let until):
            let text = self.pages.word("signin_locked", language.code).replacingOccurrences(of: "{time}", with: self.views.time(until, language))
            return try self.signInPage(request, error: text, name: name, status: .tooManyRequests)
        }
    }

    private func signOut(_ request: Request) async throws -> Response {
        let form = try await ConsoleForm(request)
        guard let token = request.cookies[ConsoleCookie.session]?.value, let (session, _) = try await self.officers.session(token: token, at: Date()) else {
            return Self.redirect(to: "/officer/signin")
        }
        try Self.checkCSRF(form, session)
        try await self.officers.signOut(token: token)
        var response = Self.redirect(to: "/officer/signin")
        response.setCookie(Self.cookie(ConsoleCookie.session, "", request: request, maxAge: 0))
        return response
    }

    // MARK: - Pages

    private func queue(_ request: Request) async throws -> Response {
        guard let (session, officer) = try await self.signedIn(request) else { return Self.redirect(to: "/officer/signin") }
        try Self.requireCaseWork(officer)
        let query = request.uri.queryParameters
        var filter = QueueFilter()
        filter.service = query["service"].flatMap { Intent(rawValue: String($0)) }
        filter.state = query["state"].flatMap { CaseState(rawValue: String($0)) }
        if query["mine"] == "1" { filter.claimedBy = officer.name }
        // An officer of a branch sees that branch's queue until choosing another (an empty choice is every branch).
        if let branch = query["branch"] { filter.branch = branch.isEmpty ? nil : String(branch) } else { filter.branch = officer.branch }
        let page = max(1, query["page"].flatMap { Int(String($0)) } ?? 1)
        let now = Date()
        let store = self.officers.desk.store
        let cases = try await store.queue(filter, limit: Self.pageSize, offset: (page - 1) * Self.pageSize)
        let counts = try await store.queueCounts(filter, at: now)
        let language = ConsoleLanguage(request)
        let view = self.views.queuePage(
            self.views.chrome(language, officer: officer, csrf: session.csrfToken, path: request.uri.path),
            filter: filter, cases: cases, counts: counts, page: page, pageSize: Self.pageSize, at: now)
        var response = try self.pages.render(view, template: "queue")
        language.remember(in: &response, request: request)
        return response
    }

    private func supervisor(_ request: Request) async throws -> Response {
        guard let (session, officer) = try await self.signedIn(request) else { return Self.redirect(to: "/officer/signin") }
        guard officer.role.supervises else { throw APIError.forbidden("the supervisor's page is for supervisors and admins") }
        let store = self.officers.desk.store
        let now = Date()
        // Open cases in SLA order: the overdue ones come first, so the first page holds the worst breaches.
        let counts = try await store.queueCounts(QueueFilter(), at: now)
        let breaches = try await store.queue(QueueFilter(), limit: min(counts.overdue, 50), offset: 0)
        let language = ConsoleLanguage(request)
        var chrome = self.views.chrome(language, officer: officer, csrf: session.csrfToken, path: request.uri.path)
        if let done = request.uri.queryParameters["done"] { chrome.notice = self.pages.word("done_\(done)", language.code) }
        let view = self.views.supervisorPage(
            chrome, backlog: try await store.backlog(at: now), breaches: breaches, breachCount: counts.overdue,
            officers: try await store.officers(), decisions: try await store.decisionCounts(since: now.addingTimeInterval(-7 * 86_400)),
            history: try await store.backlogHistory(days: 14), at: now)
        var response = try self.pages.render(view, template: "supervisor")
        language.remember(in: &response, request: request)
        return response
    }

    private func casePage(_ request: Request, id: String, error: String?) async throws -> Response {
        guard let (session, officer) = try await self.signedIn(request) else { return Self.redirect(to: "/officer/signin") }
        try Self.requireCaseWork(officer)
        let now = Date()
        guard let found = try await self.officers.view(caseID: id, by: officer, at: now) else { throw APIError.notFound("no case \(id)") }
        let language = ConsoleLanguage(request)
        var chrome = self.views.chrome(language, officer: officer, csrf: session.csrfToken, path: request.uri.path)
        chrome.error = error
        if error == nil, let done = request.uri.queryParameters["done"] { chrome.notice = self.pages.word("done_\(done)", language.code) }
        var response = try self.pages.render(self.views.casePage(chrome, found, officer: officer, at: now), template: "case", status: error == nil ? .ok : .conflict)
        language.remember(in: &response, request: request)
        return response
    }

    private func decide(_ request: Request, id: String) async throws -> Response {
        guard let (session, officer) = try await self.signedIn(request) else { return Self.redirect(to: "/officer/signin") }
        let form = try await ConsoleForm(request)
        try Self.checkCSRF(form, session)
        try Self.requireCaseWork(officer)
        let decision = try ConsoleForm.decision(form)
        let outcome = try await self.officers.decide(caseID: id, decision, by: officer, at: Date())
        if let refusal = outcome.refusal { return try await self.casePage(request, id: id, error: refusal) }
        if form["back"] == "supervisor" { return Self.redirect(to: "/officer/supervisor?done=\(decision.auditAction)") }
        return Self.redirect(to: "/officer/cases/\(id)?done=\(decision.auditAction)")
    }

    private func document(_ request: Request, id: String, key: String) async throws -> Response {
        guard let (_, officer) = try await self.signedIn(request) else { throw APIError.unauthorized("sign in first") }
        try Self.requireCaseWork(officer)
        guard let document = try await self.officers.document(caseID: id, key: key, by: officer, at: Date()) else {
            throw APIError.notFound("no stored document \(key) in case \(id)")
        }
        return Response(
            status: .ok, headers: ConsolePages.headers(contentType: ConsolePages.servedType(document.mimeType)),
            body: .init(byteBuffer: ByteBuffer(bytes: document.bytes)))
    }

    // MARK: - Checks

    private func signedIn(_ request: Request) async throws -> (OfficerSession, Officer)? {
        guard let token = request.cookies[ConsoleCookie.session]?.value, !token.isEmpty else { return nil }
        return try await self.officers.session(token: token, at: Date())
    }

    private static func checkCSRF(_ form: ConsoleForm, _ session: OfficerSession) throws {
        guard ConsoleForm.same(form["csrf"], session.csrfToken) else {
            throw APIError.forbidden("the form's CSRF token is missing or wrong; reload the page and try again")
        }
    }

    private static func requireCaseWork(_ officer: Officer) throws {
        guard officer.role.worksCases else { throw APIError.forbidden("the \(officer.role.rawValue) role does not work on cases") }
    }

    // MARK: - Responses

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// A console cookie: HttpOnly, SameSite=Strict, and Secure when the console is reached over HTTPS.
    static func cookie(_ name: String, _ value: String, request: Request, maxAge: Int) -> Cookie {
        let secure = request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https" || request.uri.scheme == .https
        return Cookie(name: name, value: value, maxAge: maxAge, path: "/officer", secure: secure, httpOnly: true, sameSite: .strict)
    }
}

/// The console's cookie names.
enum ConsoleCookie {
    static let session = "loket_session"
    static let signIn = "loket_signin"
    static let language = "loket_lang"
}
