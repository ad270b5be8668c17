import Foundation
import LoketStore
import PostgresNIO

/// Reads `postgres://user:password@host:port/database` into a client configuration.
enum PostgresURL {
    static func configuration(_ text: String) throws -> PostgresClient.Configuration {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""),
            let host = url.host, !host.isEmpty, let user = url.user, !user.isEmpty
        else {
            throw StoreError(.unavailable, "expected a database URL like postgres://user:password@host:5432/database")
        }
        let database = url.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        var configuration = PostgresClient.Configuration(
            host: host, port: url.port ?? 5432, username: user, password: url.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.minimumConnections = 0
        configuration.options.maximumConnections = 10
        return configuration
    }
}
