import Crypto
import Foundation
import LoketCore
import LoketStore

/// The officer operations behind the console, its JSON API and `loket officer`: sign-in, the queue, audited case
/// views and documents, and decisions, which reach the citizen through the ``Desk``.
package struct OfficerDesk: Sendable {
    package let desk: Desk
    package let vault: DocumentVault?
    /// Wrong passwords in a row before an account is locked, and for how long.
    package var lockoutThreshold = 5
    package var lockout: TimeInterval = 15 * 60
    /// How long a console session lasts without signing in again.
    package var sessionLifetime: TimeInterval = 10 * 60 * 60
    /// scrypt's cost for new passwords; lowered only by tests.
    package var passwordRounds = PasswordHash.rounds

    package init(desk: Desk, vault: DocumentVault?) {
        self.desk = desk
        self.vault = vault
    }

    private var store: any Store { self.desk.store }

    // MARK: - Users

    /// Adds an officer, or sets the role and password of an existing one.
    /// - Throws: ``OfficerError`` for an unusable name or a password shorter than 10 characters.
    package func saveUser(name: String, role: Officer.Role, password: String, branch: String? = nil, at now: Date) async throws -> Officer {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw OfficerError("a user name is 1–64 letters, digits, '.', '_' or '-'")
        }
        guard password.count >= 10 else { throw OfficerError("a password needs at least 10 characters") }
        var officer = try await self.store.officer(name: name) ?? Officer(name: name, role: role, createdAt: now)
        officer.role = role
        officer.branch = branch ?? officer.branch
        officer.passwordHash = try PasswordHash.make(password, rounds: self.passwordRounds)
        officer.failedSignIns = 0
        officer.lockedUntil = nil
        try await self.store.saveOfficer(officer)
        try await self.store.recordAudit(AuditEntry(at: now, actor: "system", action: "user_saved", subject: "officer:\(name)", detail: role.rawValue))
        return officer
    }

    // MARK: - Sessions

    package enum SignIn: Sendable {
        /// The browser keeps `token`; forms carry the session's CSRF token.
        case signedIn(token: String, session: OfficerSession, officer: Officer)
        /// Unknown name or wrong password (the answer does not say which).
        case refused
        case locked(until: Date)
    }

    package func signIn(name: String, password: String, at now: Date) async throws -> SignIn {
        guard var officer = try await self.store.officer(name: name), let hash = officer.passwordHash else {
            // The same slow work as a real check, so the answer's timing does not reveal which names exist.
            _ = PasswordHash.verify(password, against: Self.decoyHash)
            return .refused
        }
        if let until = officer.lockedUntil, until > now { return .locked(until: until) }
        guard PasswordHash.verify(password, against: hash) else {
            officer.failedSignIns += 1
            if officer.failedSignIns >= self.lockoutThreshold {
                officer.lockedUntil = now.addingTimeInterval(self.lockout)
                officer.failedSignIns = 0
            }
            try await self.store.saveOfficer(officer)
            try await self.store.recordAudit(AuditEntry(at: now, actor: "officer:\(name)", action: "sign_in_refused", subject: "officer:\(name)"))
            if let until = officer.lockedUntil, until > now { return .locked(until: until) }
            return .refused
        }
        officer.failedSignIns = 0
        officer.lockedUntil = nil
        try await self.store.saveOfficer(officer)
        let token = Self.newToken()
        let session = OfficerSession(tokenHash: Self.hash(token), officer: name, csrfToken: Self.newToken(), expiresAt: now.addingTimeInterval(self.sessionLifetime))
        try await self.store.saveSession(session)
        try await self.store.recordAudit(AuditEntry(at: now, actor: "officer:\(name)", action: "signed_in", subject: "officer:\(name)"))
        return .signedIn(token: token, session: session, officer: officer)
    }

    /// The session and officer behind a browser's token, while the session lasts and the officer exists.
    package func session(token: String, at now: Date) async throws -> (session: OfficerSession, officer: Officer)? {
        guard let session = try await self.store.session(tokenHash: Self.hash(token), at: now),
            let officer = try await self.store.officer(name: session.officer)
        else { return nil }
        return (session, officer)
    }

    package func signOut(token: String) async throws {
        try await self.store.deleteSession(tokenHash: Self.hash(token))
    }

    // MARK: - Cases

    /// A case, its directory record and the conversation so far; the view is audited.
    package struct CaseView: Sendable {
        package var file: CaseFile
        package var directory: DirectoryRecord?
        package var messages: [ReceivedMessage]
        package var replies: [OutboxEntry]
        /// The officer who has the citizen's conversation, when one took it over.
        package var handover: Handover?
        /// The directory (a core system) could not answer: no record to compare with, for now.
        package var directoryUnavailable = false
    }

    package func view(caseID: String, by officer: Officer, at now: Date) async throws -> CaseView? {
        guard let file = try await self.store.caseFile(id: caseID) else { return nil }
        try await self.store.recordAudit(AuditEntry(at: now, actor: "officer:\(officer.name)", action: "case_viewed", subject: caseID))
        var directory: DirectoryRecord?
        var unavailable = false
        do {
            if let nik = file.nik { directory = try await self.desk.directory.record(nik: nik) }
        } catch is DirectoryUnavailable {
            unavailable = true
        }
        return CaseView(
            file: file, directory: directory,
            messages: try await self.store.inboundMessages(sender: file.citizen, limit: 200),
            replies: try await self.store.outbox(recipient: file.citizen, limit: 200),
            handover: try await self.store.conversation(address: file.citizen)?.handover, directoryUnavailable: unavailable)
    }

    /// The decrypted bytes of a case's document, for the viewer only; the view is audited.
    package func document(caseID: String, key: String, by officer: Officer, at now: Date) async throws -> (bytes: Data, mimeType: String?)? {
        guard let vault = self.vault, let file = try await self.store.caseFile(id: caseID), let attachment = file.documents[key],
            let reference = attachment.reference, reference.hasPrefix("vault:")
        else { return nil }
        let id = String(reference.dropFirst("vault:".count))
        let bytes = try vault.get(id)
        try await self.store.recordAudit(
            AuditEntry(at: now, actor: "officer:\(officer.name)", action: "document_viewed", subject: caseID, detail: key))
        return (bytes, attachment.mimeType)
    }

    /// Applies a decision; the reply to the citizen goes out through the outbox. Refused when the role may not
    /// decide, or the case is another officer's.
    package func decide(caseID: String, _ decision: OfficerDecision, by officer: Officer, at now: Date) async throws -> Desk.Outcome {
        guard officer.role.worksCases else { return Desk.Outcome(refusal: "the \(officer.role.rawValue) role does not decide cases") }
        if case .assign(let assignee) = decision {
            guard officer.role == .supervisor else { return Desk.Outcome(refusal: "only a supervisor assigns cases") }
            guard let target = try await self.store.officer(name: assignee), target.role.worksCases else {
                return Desk.Outcome(refusal: "\(assignee) is not an officer who works cases")
            }
        }
        return try await self.desk.decide(caseID: caseID, decision, officer: officer.name, at: now)
    }

    // MARK: - Tokens

    package static func newToken() -> String {
        Data((0..<32).map { _ in UInt8.random(in: .min ... .max) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A hash of nothing anyone knows, checked when the name is unknown.
    private static let decoyHash = (try? PasswordHash.make(newToken())) ?? ""
}

extension Officer.Role {
    /// Officers and supervisors claim and decide cases; admins manage users.
    package var worksCases: Bool { self != .admin }
    /// Supervisors and admins see the backlog, breaches and decisions of everyone.
    package var supervises: Bool { self != .officer }
}

/// Why an officer operation was refused, in words for the officer.
package struct OfficerError: Error, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
