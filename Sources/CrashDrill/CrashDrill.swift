import Foundation
import LoketCore
import LoketDesk
import LoketSQLite
import LoketStore

/// The child of the crash test: handles a fixed stream of citizen messages on a SQLite store, delivering replies
/// as it goes, until it is done or killed. Started again after a kill, it sends the whole stream again, as a
/// platform redelivers what it is unsure about.
///
///     crash-drill CONFIG_FILE FOLDER EVENTS
///
/// In FOLDER it keeps `loket.sqlite`, `acknowledged.log` (a line per message the platform was told was accepted)
/// and `platform.log` (a line per reply the fake platform accepted; it drops a repeat of an idempotency key and
/// counts it in `repeats.log`).
@main
struct CrashDrill {
    static let script = ["halo", "menu", "mau aktifkan kembali kartu", "batal", "terima kasih", "berapa iurannya?"]
    static let citizens = 7

    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 4, let events = Int(arguments[3]) else {
            FileHandle.standardError.write(Data("usage: crash-drill CONFIG_FILE FOLDER EVENTS\n".utf8))
            exit(2)
        }
        let folder = URL(fileURLWithPath: arguments[2])
        let environment = MachineEnvironment(configuration: try ConfigurationFiles.load(mainFile: arguments[1]))
        let store = try SQLiteStore(path: folder.appendingPathComponent("loket.sqlite").path)
        let desk = Desk(store: store, environment: environment)
        let acknowledged = try AppendLog(folder.appendingPathComponent("acknowledged.log"))
        let platform = try FakePlatform(folder: folder)
        var dispatcher = OutboxDispatcher(store: store, sender: platform)
        // One dispatcher runs at a time here, and the clock stands still: a lease left by a killed child must not
        // hold its reply back, so none is taken.
        dispatcher.leaseSeconds = 0
        let moment = Date(timeIntervalSince1970: 1_772_417_700)
        // A pause after each message stretches the run, so that a kill can land anywhere in the stream.
        let pace = Int(ProcessInfo.processInfo.environment["LOKET_DRILL_PACE_MS"] ?? "0") ?? 0
        for index in 0..<events {
            let citizen = "+6281200000\(String(format: "%03d", index % self.citizens))"
            let message = InboundMessage(id: "drill-\(index)", from: citizen, text: self.script[(index / self.citizens) % self.script.count])
            _ = try await desk.receive(message, at: moment)
            try acknowledged.append("drill-\(index)")
            try await dispatcher.deliverDue(at: moment)
            if pace > 0 { try await Task.sleep(for: .milliseconds(pace)) }
        }
        try await dispatcher.deliverDue(at: moment)
    }
}

/// A file of lines, each flushed to disk before the call returns.
final class AppendLog: @unchecked Sendable {
    private let handle: FileHandle

    init(_ url: URL) throws {
        if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        self.handle = try FileHandle(forWritingTo: url)
        try self.handle.seekToEnd()
    }

    func append(_ line: String) throws {
        try self.handle.write(contentsOf: Data((line + "\n").utf8))
        try self.handle.synchronize()
    }
}

/// A platform that honours idempotency keys: a reply whose id it accepted before is dropped, and counted.
final class FakePlatform: ReplySender, @unchecked Sendable {
    private let accepted: AppendLog
    private let repeats: AppendLog
    private var seen: Set<String>

    init(folder: URL) throws {
        let log = folder.appendingPathComponent("platform.log")
        let existing = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        self.seen = Set(existing.split(separator: "\n").map(String.init))
        self.accepted = try AppendLog(log)
        self.repeats = try AppendLog(folder.appendingPathComponent("repeats.log"))
    }

    func send(_ entry: OutboxEntry) async throws -> String? {
        guard self.seen.insert(entry.id).inserted else {
            try self.repeats.append(entry.id)
            return nil
        }
        try self.accepted.append(entry.id)
        return nil
    }
}
