import ArgumentParser

/// `loket`: the citizen-service chat-bot desk.
@main
struct Loket: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Loket: a chat-bot administration desk for JKN (BPJS Kesehatan) services.",
        subcommands: [Serve.self, Chat.self, Replay.self, NLU.self, Officer.self, Directory.self, Migrate.self, Outbox.self, Retention.self, Audit.self, Vault.self, Citizen.self, Bench.self]
    )
}

/// Options every command that runs the engine shares.
struct EngineOptions: ParsableArguments {
    @Option(help: "The main configuration file; its folder holds the rest of config/.")
    var config = "config/loket.yaml"

    @Option(help: "Database URL: sqlite:PATH (default sqlite:data/loket.sqlite, or LOKET_DB).")
    var db: String?
}
