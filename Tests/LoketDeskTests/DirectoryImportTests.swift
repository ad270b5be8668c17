import Foundation
import LoketCore
import LoketDesk
import LoketSQLite
import LoketStore
import Testing

/// `loket directory import`: good rows into a real SQLite store, broken rows reported and not written.
@Suite struct DirectoryImportTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("loket-import-\(UUID().uuidString).sqlite").path

    static let csv = """
        nik,name,birth_date,status,reason,segment,class,arrears_months,phone,card,kk,faskes
        3171015708900002,"Rahma, Siti",1990-08-17,nonaktif,tunggakan,pbpu,3,3,081234567890,0001234567890,3171010101100001,Puskesmas Menteng
        3310052006680002,Slamet Riyadi,1968-06-20,aktif,,pbpu,3,0,,0001018827364,3310050101680001,Puskesmas Klaten
        3310052006680002,Slamet Lagi,1968-06-20,aktif,,pbpu,3,0,,0001018827365,3310050101680001,Puskesmas Klaten
        1234,Rusak,1990-01-01,aktif,,pbpu,3,0,,0001234567891,3171010101100001,Puskesmas

        """

    @Test func goodRowsAreImportedAndBrokenOnesReportedWithTheirLines() async throws {
        defer { try? FileManager.default.removeItem(atPath: self.path) }
        let store = try SQLiteStore(path: self.path)
        var progress: [(Int, Int)] = []
        let report = try await DirectoryImport.run(Self.csv, into: store, batchSize: 1) { progress.append(($0, $1)) }
        #expect(report.imported == 2)
        #expect(report.rejected.map(\.line) == [4, 5])
        #expect(report.rejected.first?.reason.contains("also on line 3") == true)
        #expect(progress.last.map { $0 == (4, 4) } == true)
        let siti = try #require(try await store.directoryRecord(nik: "3171015708900002"))
        #expect(siti.participant.name == "Rahma, Siti")
        #expect(siti.participant.phone == "+6281234567890")
        #expect(try await store.directoryRecord(nik: "3310052006680002")?.participant.name == "Slamet Riyadi")
    }

    @Test func aFileWithoutTheRequiredColumnsImportsNothing() async throws {
        defer { try? FileManager.default.removeItem(atPath: self.path) }
        let store = try SQLiteStore(path: self.path)
        await #expect(throws: DirectoryCSV.ColumnsError.self) {
            _ = try await DirectoryImport.run("nik,name\n3171015708900002,Siti\n", into: store)
        }
        #expect(try await store.directoryRecord(nik: "3171015708900002") == nil)
    }
}
