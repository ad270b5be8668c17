import Foundation
import LoketCore
import LoketStore

/// Imports a directory CSV (``DirectoryCSV``) into the store: every good row, in transactions of a thousand;
/// every broken row reported with its line and reason, and none of it written.
package enum DirectoryImport {
    package struct Report: Sendable {
        package var imported: Int
        package var rejected: [DirectoryCSV.RowProblem]
    }

    /// - Parameter progress: called after each batch with the rows read and the rows in the file.
    /// - Throws: ``DirectoryCSV/ColumnsError`` when the header lacks a required column (nothing is imported), or
    ///   the store's errors (the batches before are kept; importing the file again is harmless).
    package static func run(
        _ text: String, into store: any Store, batchSize: Int = 1000, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> Report {
        let records = DirectoryCSV.records(text)
        guard let header = records.first else { throw DirectoryCSV.ColumnsError(description: "the file is empty") }
        let columns = try DirectoryCSV.columns(header)
        let rows = records.dropFirst()
        var report = Report(imported: 0, rejected: [])
        var firstLine: [String: Int] = [:]
        var batch: [Participant] = []
        var done = 0
        for record in rows {
            done += 1
            switch DirectoryCSV.participant(record, columns: columns) {
            case .failure(let problem):
                report.rejected.append(problem)
            case .success(let person):
                if let line = firstLine[person.nik] {
                    report.rejected.append(DirectoryCSV.RowProblem(line: record.line, reason: "NIK \(Masking.maskDigits(person.nik, keepFirst: 4, keepLast: 4)) is also on line \(line)"))
                    continue
                }
                firstLine[person.nik] = record.line
                batch.append(person)
            }
            if batch.count == batchSize {
                try await store.saveParticipants(batch)
                report.imported += batch.count
                batch.removeAll(keepingCapacity: true)
                progress(done, rows.count)
            }
        }
        if !batch.isEmpty {
            try await store.saveParticipants(batch)
            report.imported += batch.count
        }
        progress(done, rows.count)
        return report
    }
}
