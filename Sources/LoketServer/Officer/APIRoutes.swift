import Foundation
import HTTPTypes
import Hummingbird
import LoketCore
import LoketDesk
import LoketStore

/// The console's JSON API at `/api/v1`, for integrations and scripts: the same operations as the pages, with a
/// bearer token instead of a cookie (so no CSRF token is needed), documented at `/api/v1/openapi.yaml`.
struct APIRoutes: Sendable {
    let officers: OfficerDesk
    let configuration: LoketConfiguration
    let openAPI: ByteBuffer

    func add(to router: Router<LoketRequestContext>) {
        router.get("/api/v1/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: self.openAPI))
        }
        router.post("/api/v1/sessions") { request, _ in try await self.signIn(request) }
        router.delete("/api/v1/sessions") { request, _ in try await self.signOut(request) }
        router.get("/api/v1/queue") { request, _ in try await self.queue(request) }
        router.get("/api/v1/supervision") { request, _ in try await self.supervision(request) }
        router.get("/api/v1/cases/:id") { request, context in try await self.show(request, id: try context.parameters.require("id")) }
        router.post("/api/v1/cases/:id/decisions") { request, context in
            try await self.decide(request, id: try context.parameters.require("id"))
        }
        router.get("/api/v1/cases/:id/documents/:key") { request, context in
            try await self.document(request, id: try context.parameters.require("id"), key: try context.parameters.require("key"))
        }
    }

    private func signIn(_ request: Request) async throws -> Response {
        let body = try await self.body(APIModels.SignIn.self, request)
        switch try await self.officers.signIn(name: body.name, password: body.password, at: Date()) {
        case .signedIn(let token, let session, let officer):
            return try Self.json(APIModels.Token(token: token, officer: officer.name, role: officer.role.rawValue, expiresAt: session.expiresAt), status: .created)
        case .refused:
            throw APIError.unauthorized("wrong name or password")
        case .locked(let until):
            throw APIError(status: .tooManyRequests, code: "locked", message: "too many failed sign-ins; locked until \(ISO8601DateFormatter().string(from: until))")
        }
    }

    private func signOut(_ request: Request) async throws -> Response {
        _ = try await self.officer(request)
        try await self.officers.signOut(token: try Self.bearer(request))
        return Response(status: .noContent)
    }

    private func queue(_ request: Request) async throws -> Response {
        let officer = try await self.caseWorker(request)
        let query = request.uri.queryParameters
        var filter = QueueFilter()
        if let service = query["service"] {
            guard let intent = Intent(rawValue: String(service)) else { throw APIError.badRequest("unknown service \(service)") }
            filter.service = intent
        }
        if let state = query["state"] {
            guard let value = CaseState(rawValue: String(state)) else { throw APIError.badRequest("unknown state \(state)") }
            filter.state = value
        }
        if query["mine"] == "1" || query["mine"] == "true" { filter.claimedBy = officer.name }
        if let branch = query["branch"], !branch.isEmpty { filter.branch = String(branch) }
        let page = max(1, query["page"].flatMap { Int(String($0)) } ?? 1)
        let now = Date()
        let store = self.officers.desk.store
        let cases = try await store.queue(filter, limit: ConsoleRoutes.pageSize, offset: (page - 1) * ConsoleRoutes.pageSize)
        let counts = try await store.queueCounts(filter, at: now)
        return try Self.json(APIModels.Queue(total: counts.total, overdue: counts.overdue, page: page, cases: cases.map { APIModels.CaseSummary($0, at: now) }))
    }

    private func supervision(_ request: Request) async throws -> Response {
        let officer = try await self.officer(request)
        guard officer.role.supervises else { throw APIError.forbidden("supervision is for supervisors and admins") }
        let store = self.officers.desk.store
        let now = Date()
        let counts = try await store.queueCounts(QueueFilter(), at: now)
        let backlog = try await store.backlog(at: now).byService().map { service, ages in
            APIModels.Supervision.Backlog(
                service: service.rawValue, underOneDay: ages[.underOneDay] ?? 0, oneToThreeDays: ages[.oneToThreeDays] ?? 0,
                overThreeDays: ages[.overThreeDays] ?? 0)
        }
        return try Self.json(
            APIModels.Supervision(
                waiting: counts.total, overdue: counts.overdue, backlog: backlog.sorted { $0.service < $1.service },
                breaches: try await store.queue(QueueFilter(), limit: min(counts.overdue, 50), offset: 0).map { APIModels.CaseSummary($0, at: now) },
                decisions: try await store.decisionCounts(since: now.addingTimeInterval(-7 * 86_400)).map {
                    .init(officer: $0.officer, action: $0.action, count: $0.count)
                },
                history: try await store.backlogHistory(days: 14).map { .init(day: $0.day, waiting: $0.waiting) }))
    }

    private func show(_ request: Request, id: String) async throws -> Response {
        let officer = try await self.caseWorker(request)
        let now = Date()
        guard let view = try await self.officers.view(caseID: id, by: officer, at: now) else { throw APIError.notFound("no case \(id)") }
        return try Self.json(APIModels.CaseDetail(view, checklist: self.configuration.service(view.file.service)?.checklist ?? [], at: now))
    }

    private func decide(_ request: Request, id: String) async throws -> Response {
        let officer = try await self.caseWorker(request)
        let body = try await self.body(APIModels.Decision.self, request)
        var form = ["action": body.action]
        form["reason"] = body.reason
        form["document"] = body.document
        form["message"] = body.message
        form["officer"] = body.officer
        let decision = try ConsoleForm.decision(ConsoleForm(fields: form))
        let outcome = try await self.officers.decide(caseID: id, decision, by: officer, at: Date())
        if let refusal = outcome.refusal {
            let missing = try await self.officers.desk.store.caseFile(id: id) == nil
            throw missing ? APIError.notFound("no case \(id)") : APIError(status: .conflict, code: "conflict", message: refusal)
        }
        guard let file = try await self.officers.desk.store.caseFile(id: id) else { throw APIError.notFound("no case \(id)") }
        return try Self.json(APIModels.Decided(id: id, state: file.state.rawValue, claimedBy: file.claimedBy, messagesQueued: outcome.replies.count))
    }

    private func document(_ request: Request, id: String, key: String) async throws -> Response {
        let officer = try await self.caseWorker(request)
        guard let document = try await self.officers.document(caseID: id, key: key, by: officer, at: Date()) else {
            throw APIError.notFound("no stored document \(key) in case \(id)")
        }
        return Response(
            status: .ok, headers: ConsolePages.headers(contentType: ConsolePages.servedType(document.mimeType)),
            body: .init(byteBuffer: ByteBuffer(bytes: document.bytes)))
    }

    // MARK: - Authentication

    private static func bearer(_ request: Request) throws -> String {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count > 7 else {
            throw APIError.unauthorized("send the token from POST /api/v1/sessions as 'Authorization: Bearer TOKEN'")
        }
        return String(header.dropFirst(7))
    }

    private func officer(_ request: Request) async throws -> Officer {
        guard let (_, officer) = try await self.officers.session(token: try Self.bearer(request), at: Date()) else {
            throw APIError.unauthorized("the token is unknown or expired; sign in again")
        }
        return officer
    }

    private func caseWorker(_ request: Request) async throws -> Officer {
        let officer = try await self.officer(request)
        guard officer.role.worksCases else { throw APIError.forbidden("the \(officer.role.rawValue) role does not work on cases") }
        return officer
    }

    // MARK: - JSON

    private func body<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let data = try await request.body.collect(upTo: ConsoleForm.maxBody)
        do {
            return try APIModels.decoder.decode(type, from: Data(data.readableBytesView))
        } catch {
            throw APIError.badRequest("the body is not the JSON this route expects; see /api/v1/openapi.yaml")
        }
    }

    private static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = ConsolePages.headers(contentType: "application/json")
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try APIModels.encoder.encode(value))))
    }
}
