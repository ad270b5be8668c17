import _CryptoExtras
import Crypto
import Foundation

/// Officers' passwords, kept as scrypt hashes: slow and memory-hard, so a stolen table is expensive to guess.
///
/// Stored as `scrypt$N$r$p$salt$hash` (salt and hash in base64), so the cost can be raised later while old
/// hashes still verify.
package enum PasswordHash {
    /// scrypt's cost (N = 2^15, r = 8, p = 1: about 32 MiB and tens of milliseconds per check).
    package static let rounds = 1 << 15
    static let blockSize = 8
    static let parallelism = 1

    /// A new hash of `password`; `rounds` (scrypt's N, a power of two) is lowered only by tests.
    package static func make(_ password: String, rounds: Int = PasswordHash.rounds) throws -> String {
        let salt = Data((0..<16).map { _ in UInt8.random(in: .min ... .max) })
        let hash = try self.derive(password, salt: salt, rounds: rounds, blockSize: self.blockSize, parallelism: self.parallelism)
        return ["scrypt", "\(rounds)", "\(self.blockSize)", "\(self.parallelism)", salt.base64EncodedString(), hash.base64EncodedString()]
            .joined(separator: "$")
    }

    /// Whether `password` matches `stored`; false for anything that is not a hash of this form.
    package static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let rounds = Int(parts[1]), let blockSize = Int(parts[2]),
            let parallelism = Int(parts[3]), let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]),
            let actual = try? self.derive(password, salt: salt, rounds: rounds, blockSize: blockSize, parallelism: parallelism)
        else { return false }
        return ConstantTime.equal(actual, expected)
    }

    private static func derive(_ password: String, salt: Data, rounds: Int, blockSize: Int, parallelism: Int) throws -> Data {
        let key = try KDF.Scrypt.deriveKey(
            from: Data(password.utf8), salt: salt, outputByteCount: 32, rounds: rounds, blockSize: blockSize, parallelism: parallelism)
        return key.withUnsafeBytes { Data($0) }
    }
}

/// Comparison that takes the same time wherever the first difference is.
package enum ConstantTime {
    package static func equal(_ left: Data, _ right: Data) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(left, right) { difference |= a ^ b }
        return difference == 0
    }
}
