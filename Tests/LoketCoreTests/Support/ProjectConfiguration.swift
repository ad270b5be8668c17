import Foundation
import LoketCore

/// The project's own `config/`, read once for the tests (the core itself never reads files).
enum ProjectConfiguration {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config")

    static func files() throws -> [String: String] {
        var files: [String: String] = [:]
        let walker = FileManager.default.enumerator(atPath: self.folder.path)
        while let relative = walker?.nextObject() as? String {
            guard relative.hasSuffix(".yaml") else { continue }
            files[relative] = try String(contentsOf: self.folder.appendingPathComponent(relative), encoding: .utf8)
        }
        return files
    }

    static let loaded: LoketConfiguration = {
        do {
            return try ConfigurationLoader.load(files: try files())
        } catch {
            fatalError("the project's config/ does not load: \(error)")
        }
    }()

    static let environment = MachineEnvironment(configuration: loaded)
}
