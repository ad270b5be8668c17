import Foundation
import LoketCore

/// Reads `config/` from disk into the text map ``ConfigurationLoader`` checks.
package enum ConfigurationFiles {
    /// Loads the configuration whose main file is `mainFile` (`config/loket.yaml`); its folder holds the rest.
    package static func load(mainFile: String) throws(ConfigError) -> LoketConfiguration {
        let folder = URL(fileURLWithPath: mainFile).deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: mainFile) else {
            throw ConfigError(file: mainFile, line: nil, reason: "the file does not exist (run loket from the project folder or pass --config)")
        }
        var files: [String: String] = [:]
        let root = folder.resolvingSymlinksInPath().standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw ConfigError(file: root, line: nil, reason: "the folder cannot be read")
        }
        for case let relative as String in walker where relative.hasSuffix(".yaml") {
            let path = root + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigError(file: path, line: nil, reason: "the file cannot be read")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ConfigError(file: path, line: nil, reason: "the file is not UTF-8 text")
            }
            files[relative] = text
        }
        do {
            return try ConfigurationLoader.load(files: files)
        } catch {
            throw ConfigError(file: root + "/" + error.file, line: error.line, reason: error.reason)
        }
    }
}

/// Finds and reads transcript files (`*.txt` under the given files and folders).
package enum TranscriptFiles {
    package static func paths(under roots: [String]) -> [String] {
        var result: [String] = []
        for root in roots {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) else {
                result.append(root)  // Reported as unreadable when loaded.
                continue
            }
            guard isFolder.boolValue else {
                result.append(root)
                continue
            }
            let walker = FileManager.default.enumerator(atPath: root)
            while let relative = walker?.nextObject() as? String {
                if relative.hasSuffix(".txt") { result.append((root as NSString).appendingPathComponent(relative)) }
            }
        }
        return result.sorted()
    }

    package static func load(_ path: String) throws -> Transcript {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw TranscriptError(path: path, line: 0, reason: "the file cannot be read")
        }
        return try TranscriptParser.parse(text, path: path)
    }
}
