import Foundation

/// The JSON form of stored values, the same in every engine: dates as seconds since 1970.
package enum StoredJSON {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()
    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    package static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try self.encoder.encode(value), as: UTF8.self)
    }

    /// - Throws: ``StoreError`` with code `corruptValue` when the text is not the stored form of `type`.
    package static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do {
            return try self.decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError(.corruptValue, "a stored \(type) cannot be read: \(error)")
        }
    }
}
