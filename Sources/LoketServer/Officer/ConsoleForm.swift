import Foundation
import Hummingbird
import LoketChannels
import LoketCore
import LoketDesk

/// A console form's fields (`application/x-www-form-urlencoded`), read once.
struct ConsoleForm {
    private var fields: [String: String] = [:]

    /// The largest console form: a free reply of 1,000 characters and some fields.
    static let maxBody = 16 * 1024

    init(_ request: Request) async throws {
        let body = try await request.body.collect(upTo: Self.maxBody)
        do {
            for (name, value) in try URLEncodedForm.fields(Data(body.readableBytesView)) where self.fields[name] == nil {
                self.fields[name] = value
            }
        } catch let error as WebhookParseError {
            throw APIError.badRequest("the form is not URL-encoded: \(error.description)")
        }
    }

    /// Fields that arrived another way (the JSON API's body).
    init(fields: [String: String]) {
        self.fields = fields
    }

    subscript(_ name: String) -> String? {
        let value = self.fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines)
        return value?.isEmpty == false ? value : nil
    }

    /// Compares a token from a form with the expected one, in constant time.
    static func same(_ given: String?, _ expected: String) -> Bool {
        guard let given, !expected.isEmpty else { return false }
        return ConstantTime.equal(Data(given.utf8), Data(expected.utf8))
    }

    /// The decision a case page's form asks for.
    static func decision(_ form: ConsoleForm) throws -> OfficerDecision {
        switch form["action"] {
        case "claim": return .claim
        case "release": return .release
        case "approve": return .approve
        case "reject":
            guard let reason = form["reason"] else { throw APIError.badRequest("a rejection needs a reason") }
            return .reject(reason: reason, document: form["document"])
        case "close":
            guard let reason = form["reason"] else { throw APIError.badRequest("closing a case needs a reason") }
            return .close(reason: reason)
        case "ask":
            guard let document = form["document"] else { throw APIError.badRequest("asking for a document needs the document") }
            return .ask(document: document)
        case "reply", "say":
            guard let message = form["message"], message.count <= 1000 else { throw APIError.badRequest("a message is 1 to 1,000 characters") }
            return form["action"] == "say" ? .say(message) : .reply(message)
        case "assign":
            guard let officer = form["officer"] else { throw APIError.badRequest("assigning a case needs the officer") }
            return .assign(to: officer)
        case "take_over": return .takeOver
        case "hand_back": return .handBack
        default:
            throw APIError.badRequest("unknown action; use claim, release, approve, reject, close, ask, reply, take_over, say, hand_back or assign")
        }
    }
}

/// The console's language: `?lang=` when given (and remembered in a cookie), else the cookie, else Indonesian.
struct ConsoleLanguage {
    var code: String
    private var chosen: Bool

    init(_ request: Request) {
        if let asked = request.uri.queryParameters["lang"].map(String.init), ["id", "en"].contains(asked) {
            self.code = asked
            self.chosen = true
        } else {
            self.code = request.cookies[ConsoleCookie.language]?.value == "en" ? "en" : "id"
            self.chosen = false
        }
    }

    /// The language of a page already chosen.
    init(code: String) {
        self.code = code
        self.chosen = false
    }

    var language: Language { self.code == "en" ? .english : .indonesian }

    func remember(in response: inout Response, request: Request) {
        guard self.chosen else { return }
        response.setCookie(ConsoleRoutes.cookie(ConsoleCookie.language, self.code, request: request, maxAge: 365 * 24 * 3600))
    }
}
