import ArgumentParser
import Foundation
import LoketCore
import LoketDesk
import LoketStore

extension Loket {
    /// `loket directory …`: the participant directory kept in the store.
    struct Directory: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Manage the participant directory.", subcommands: [Import.self])
    }
}

extension Loket.Directory {
    /// Imports participants from a CSV file, with a progress bar and a report of the rows rejected.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import participants from a CSV file (columns: \(DirectoryCSV.requiredColumns.joined(separator: ", ")), …).")

        @OptionGroup var options: EngineOptions

        @Argument(help: "The CSV file; its first line names the columns.")
        var file: String

        @Option(help: "Write every rejected row (line,reason) to this CSV file.")
        var rejects: String?

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: self.file), let text = String(data: data, encoding: .utf8) else {
                Console.fail("cannot read \(self.file) as UTF-8 text")
            }
            let started = Date()
            let report: DirectoryImport.Report
            do {
                report = try await Composition.withStore(url: Composition.databaseURL(self.options)) { store in
                    try await DirectoryImport.run(text, into: store) { done, total in Self.showProgress(done, total) }
                }
            } catch let error as DirectoryCSV.ColumnsError {
                Console.fail("\(self.file): \(error.description); nothing was imported")
            }
            FileHandle.standardError.write(Data("\n".utf8))
            print(String(format: "Imported %d participants in %.1f s; %d rows rejected.", report.imported, Date().timeIntervalSince(started), report.rejected.count))
            for problem in report.rejected.prefix(20) { print("  line \(problem.line): \(problem.reason)") }
            if report.rejected.count > 20 { print("  … and \(report.rejected.count - 20) more\(self.rejects == nil ? " (list them all with --rejects FILE)" : "")") }
            if let path = self.rejects {
                let lines = ["line,reason"] + report.rejected.map { "\($0.line),\"\($0.reason.replacingOccurrences(of: "\"", with: "\"\""))\"" }
                try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
                print("Rejected rows written to \(path).")
            }
        }

        /// `[##########..........]  52%  52,000 / 100,000 rows` on standard error, redrawn in place.
        static func showProgress(_ done: Int, _ total: Int) {
            let share = total == 0 ? 1 : Double(done) / Double(total)
            let filled = Int(share * 30)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
            let line = String(format: "\r[%@] %3d%%  %d / %d rows", bar, Int(share * 100), done, total)
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
