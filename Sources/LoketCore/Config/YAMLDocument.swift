import Foundation
import Yams

/// Why a configuration file cannot be used: the file, the line and the reason, so an operator can fix it.
package struct ConfigError: Error, Equatable, CustomStringConvertible {
    package var file: String
    package var line: Int?
    package var reason: String

    package init(file: String, line: Int?, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    package var description: String {
        if let line { return "\(self.file):\(line): \(self.reason)" }
        return "\(self.file): \(self.reason)"
    }
}

/// One YAML file, parsed once, decoded into configuration types with errors that point at a line.
package struct YAMLDocument {
    package let file: String
    private let root: Node

    /// Parses `text`; a syntax error names the line.
    package init(file: String, text: String) throws(ConfigError) {
        self.file = file
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw ConfigError(file: file, line: nil, reason: "the file is empty")
            }
            self.root = Self.plainKeys(root)
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw ConfigError(file: file, line: Self.line(of: error), reason: "not valid YAML: \(Self.problem(of: error))")
        } catch {
            throw ConfigError(file: file, line: nil, reason: "not valid YAML: \(error)")
        }
    }

    /// Gives every mapping key an implicit tag, so that `"1": …` and `"no": …` are found by the decoder's
    /// lookups, which resolve the key they look for as a plain scalar.
    private static func plainKeys(_ node: Node) -> Node {
        switch node {
        case .mapping(let mapping):
            let pairs = mapping.map { pair -> (Node, Node) in
                let key = pair.key.scalar.map { Node.scalar(.init($0.string, .implicit, .plain, $0.mark)) } ?? pair.key
                return (key, self.plainKeys(pair.value))
            }
            return .mapping(.init(pairs, mapping.tag, mapping.style, mapping.mark, mapping.anchor))
        case .sequence(let sequence):
            return .sequence(.init(sequence.map(self.plainKeys), sequence.tag, sequence.style, sequence.mark, sequence.anchor))
        case .scalar, .alias:
            return node
        }
    }

    /// Decodes the whole document; a missing key or a wrong value names its line.
    package func decode<T: Decodable>(_ type: T.Type) throws(ConfigError) -> T {
        do {
            return try YAMLDecoder().decode(type, from: self.root)
        } catch let error as DecodingError {
            throw self.explain(error)
        } catch {
            throw ConfigError(file: self.file, line: nil, reason: "\(error)")
        }
    }

    /// An error about the value at `path` (mapping keys and sequence indexes), with that value's line.
    package func error(at path: [any CodingKey], _ reason: String) -> ConfigError {
        ConfigError(file: self.file, line: self.node(at: path).mark?.line, reason: reason)
    }

    /// The deepest node that exists along `path`.
    private func node(at path: [any CodingKey]) -> Node {
        var node = self.root
        for key in path {
            if let index = key.intValue, let sequence = node.sequence, index < sequence.count {
                node = sequence[index]
            } else if let child = node.mapping?[key.stringValue] {
                node = child
            } else {
                break
            }
        }
        return node
    }

    private func explain(_ error: DecodingError) -> ConfigError {
        switch error {
        case .keyNotFound(let key, let context):
            return self.error(at: context.codingPath, "missing key '\(key.stringValue)'\(Self.location(context.codingPath))")
        case .typeMismatch(let type, let context):
            return self.error(at: context.codingPath, "expected \(Self.describe(type)) at \(Self.dotted(context.codingPath))")
        case .valueNotFound(let type, let context):
            return self.error(at: context.codingPath, "missing \(Self.describe(type)) at \(Self.dotted(context.codingPath))")
        case .dataCorrupted(let context):
            return self.error(
                at: context.codingPath,
                "invalid value at \(Self.dotted(context.codingPath)): \(context.debugDescription)"
            )
        @unknown default:
            return ConfigError(file: self.file, line: nil, reason: "\(error)")
        }
    }

    private static func dotted(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "the top level" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private static func location(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "" : " in \(self.dotted(path))"
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is Double.Type: "a number"
        default: "\(type)"
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            mark.line
        default:
            nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            problem
        default:
            "\(error)"
        }
    }
}

/// A coding key built from a path segment, to point at a value for an error.
package struct PathKey: CodingKey {
    package var stringValue: String
    package var intValue: Int?

    package init(_ string: String) {
        self.stringValue = string
    }

    package init(_ index: Int) {
        self.stringValue = "[\(index)]"
        self.intValue = index
    }

    package init?(stringValue: String) {
        self.stringValue = stringValue
    }

    package init?(intValue: Int) {
        self.init(intValue)
    }
}
