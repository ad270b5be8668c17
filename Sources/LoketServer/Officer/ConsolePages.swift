import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The console's templates, words and stylesheet (from `Resources/officer/`) and the API's OpenAPI document, loaded once.
struct ConsolePages: Sendable {
    private let library: MustacheLibrary
    /// The page words by language (`id`, `en`).
    private let labels: [String: [String: String]]
    let stylesheet: ByteBuffer
    /// The little script that refreshes the conversation during a handover.
    let liveScript: ByteBuffer
    /// The JSON API's OpenAPI document.
    let openAPI: ByteBuffer

    static let templates = ["layout", "signin", "queue", "case", "supervisor"]

    /// - Throws: when a template or word list is missing or malformed: a broken build, caught by the tests.
    init() throws {
        guard let folder = Bundle.module.url(forResource: "officer", withExtension: nil, subdirectory: "Resources") else {
            throw ConsoleResourceError(file: "Resources/officer")
        }
        var library = MustacheLibrary()
        for name in Self.templates {
            let file = folder.appendingPathComponent("\(name).mustache")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { throw ConsoleResourceError(file: file.path) }
            try library.register(text, named: name)
        }
        var labels: [String: [String: String]] = [:]
        for language in ["id", "en"] {
            let file = folder.appendingPathComponent("labels.\(language).json")
            guard let data = FileManager.default.contents(atPath: file.path),
                let words = try? JSONDecoder().decode([String: String].self, from: data)
            else { throw ConsoleResourceError(file: file.path) }
            labels[language] = words
        }
        guard let css = FileManager.default.contents(atPath: folder.appendingPathComponent("officer.css").path),
            let script = FileManager.default.contents(atPath: folder.appendingPathComponent("live.js").path)
        else { throw ConsoleResourceError(file: "officer.css or live.js") }
        self.liveScript = ByteBuffer(bytes: script)
        guard let openAPI = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources")
            .flatMap({ FileManager.default.contents(atPath: $0.path) })
        else { throw ConsoleResourceError(file: "openapi.yaml") }
        self.openAPI = ByteBuffer(bytes: openAPI)
        self.library = library
        self.labels = labels
        self.stylesheet = ByteBuffer(bytes: css)
    }

    func words(_ language: String) -> [String: String] {
        self.labels[language] ?? self.labels["id"] ?? [:]
    }

    /// A word of the page in `language`, or its key when the word list lacks it.
    func word(_ key: String, _ language: String) -> String {
        self.words(language)[key] ?? key
    }

    /// The page as HTML, never cached: console pages carry personal data.
    func render(_ page: Any, template: String, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let html = self.library.render(page, withTemplate: template) else { throw ConsoleResourceError(file: "\(template).mustache") }
        return Response(status: status, headers: Self.headers(contentType: "text/html; charset=utf-8"), body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The type a document is served as: the photo and PDF types Loket accepts, anything else as bytes to save
    /// (never as HTML a browser would run).
    static func servedType(_ mimeType: String?) -> String {
        guard let mimeType, ["image/jpeg", "image/png", "image/webp", "application/pdf"].contains(mimeType) else { return "application/octet-stream" }
        return mimeType
    }

    /// What every console answer carries: no caching, no framing, no outside resources, no referrer.
    static func headers(contentType: String) -> HTTPFields {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: "no-store"]
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return headers
    }
}

/// A console resource missing from the build.
struct ConsoleResourceError: Error, CustomStringConvertible {
    var file: String
    var description: String { "the console resource \(self.file) is missing or malformed" }
}
