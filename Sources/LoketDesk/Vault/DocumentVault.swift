import Crypto
import Foundation

/// Documents' bytes, encrypted at rest with AES-GCM; the database keeps only their metadata.
///
/// Each document is one file named by its id. The id is authenticated with the contents, so a file renamed or
/// swapped for another does not decrypt.
package struct DocumentVault: Sendable {
    private let folder: URL
    private let key: SymmetricKey
    /// Keys being rotated away from: documents not yet under `key` are still read with them.
    private let previousKeys: [SymmetricKey]

    package init(folder: URL, key: SymmetricKey, previousKeys: [SymmetricKey] = []) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.folder = folder
        self.key = key
        self.previousKeys = previousKeys
    }

    private func file(_ id: String) throws -> URL {
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw VaultError("not a document id: \(id)")
        }
        return self.folder.appendingPathComponent(id)
    }

    /// Encrypts and stores `bytes` under `id`.
    package func put(_ bytes: Data, id: String) throws {
        let sealed = try AES.GCM.seal(bytes, using: self.key, authenticating: Data(id.utf8))
        guard let combined = sealed.combined else { throw VaultError("the document could not be sealed") }
        try combined.write(to: try self.file(id), options: [.atomic])
    }

    /// The decrypted bytes of `id`.
    /// - Throws: ``VaultError`` when the document is missing, was purged, or does not decrypt with this key.
    package func get(_ id: String) throws -> Data {
        guard let combined = FileManager.default.contents(atPath: try self.file(id).path) else {
            throw VaultError("document \(id) is not in the vault (purged or never stored)")
        }
        guard let (bytes, _) = self.open(combined, id: id) else {
            throw VaultError("document \(id) does not decrypt with this key (wrong LOKET_DOCUMENT_KEY, or the file was altered)")
        }
        return bytes
    }

    /// The bytes and whether they were sealed under the current key; nil when no key opens them.
    private func open(_ combined: Data, id: String) -> (Data, current: Bool)? {
        guard let box = try? AES.GCM.SealedBox(combined: combined) else { return nil }
        if let bytes = try? AES.GCM.open(box, using: self.key, authenticating: Data(id.utf8)) { return (bytes, true) }
        for key in self.previousKeys {
            if let bytes = try? AES.GCM.open(box, using: key, authenticating: Data(id.utf8)) { return (bytes, false) }
        }
        return nil
    }

    /// Seals every document still under a previous key under the current one. Safe to interrupt and run again:
    /// a document is replaced atomically, and those already under the current key are left alone.
    package func rotate() throws -> VaultRotation {
        var rotation = VaultRotation()
        let ids = try FileManager.default.contentsOfDirectory(atPath: self.folder.path).sorted()
        for id in ids where !id.hasPrefix(".") {
            guard let combined = FileManager.default.contents(atPath: try self.file(id).path), let (bytes, current) = self.open(combined, id: id)
            else {
                rotation.failed.append(id)
                continue
            }
            if current {
                rotation.alreadyCurrent += 1
            } else {
                try self.put(bytes, id: id)
                rotation.rotated += 1
            }
        }
        return rotation
    }

    /// Removes `id`; removing a document that is gone is not an error.
    package func remove(_ id: String) throws {
        let url = try self.file(id)
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
    }
}

/// What a key rotation did.
package struct VaultRotation: Sendable, Equatable {
    package var rotated = 0
    package var alreadyCurrent = 0
    /// Documents no key opens (altered, or sealed under a key not given).
    package var failed: [String] = []

    package init(rotated: Int = 0, alreadyCurrent: Int = 0, failed: [String] = []) {
        self.rotated = rotated
        self.alreadyCurrent = alreadyCurrent
        self.failed = failed
    }
}

/// Why the vault could not do what was asked.
package struct VaultError: Error, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}

/// The vault's key: `LOKET_DOCUMENT_KEY` (32 bytes, base64), or a key file generated on first run.
package enum DocumentKey {
    /// Reads the key from `environmentValue` when set, else from `file`, creating the file with a new random key
    /// (readable by the owner only) when it does not exist.
    /// - Throws: ``VaultError`` naming what is wrong with the key.
    package static func load(environmentValue: String?, file: URL) throws -> SymmetricKey {
        if let environmentValue {
            return try self.decode(environmentValue, source: "LOKET_DOCUMENT_KEY")
        }
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            return try self.decode(text, source: file.path)
        }
        let key = SymmetricKey(size: .bits256)
        let encoded = key.withUnsafeBytes { Data($0).base64EncodedString() }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: file.path, contents: Data((encoded + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw VaultError("cannot write a new document key to \(file.path)") }
        return key
    }

    /// `LOKET_DOCUMENT_KEY_PREVIOUS`: the key being rotated away from, when set.
    package static func previous(environmentValue: String?) throws -> [SymmetricKey] {
        guard let environmentValue else { return [] }
        return [try self.decode(environmentValue, source: "LOKET_DOCUMENT_KEY_PREVIOUS")]
    }

    private static func decode(_ text: String, source: String) throws -> SymmetricKey {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
            throw VaultError("\(source) must hold a 32-byte key in base64 (e.g. from `openssl rand -base64 32`)")
        }
        return SymmetricKey(data: data)
    }
}
