import Foundation

/// Someone who decides cases in the console.
package struct Officer: Codable, Equatable, Sendable {
    package enum Role: String, Codable, Sendable, CaseIterable {
        case officer
        case supervisor
        case admin
    }

    /// The sign-in name, unique.
    package var name: String
    package var role: Role
    /// A slow hash of the password; nil until a password is set.
    package var passwordHash: String?
    /// The branch (kantor cabang) whose queue the officer works, when limited to one.
    package var branch: String?
    package var createdAt: Date
    /// Wrong passwords since the last good sign-in.
    package var failedSignIns: Int
    /// Set after too many wrong passwords; sign-in is refused until then.
    package var lockedUntil: Date?

    package init(name: String, role: Role, passwordHash: String? = nil, branch: String? = nil, createdAt: Date) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.branch = branch
        self.createdAt = createdAt
        self.failedSignIns = 0
        self.lockedUntil = nil
    }
}
