import LoketCore
import Testing

@Suite struct DirectoryCSVTests {
    static let header = "nik,name,birth_date,status,reason,class,phone,card,kk,faskes"

    @Test func quotedFieldsKeepCommasQuotesAndLineBreaks() {
        let text = "a,b\r\n\"Rahma, Siti\",\"kata \"\"puskesmas\"\"\"\n\"baris\ndua\",x\n\n"
        let records = DirectoryCSV.records(text)
        #expect(records.map(\.fields) == [["a", "b"], ["Rahma, Siti", "kata \"puskesmas\""], ["baris\ndua", "x"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func aHeaderWithoutARequiredColumnIsRefused() {
        #expect(throws: DirectoryCSV.ColumnsError.self) { try DirectoryCSV.columns(DirectoryCSV.records("nik,name\n")[0]) }
    }

    @Test func aGoodRowBecomesAParticipantWithItsPhoneInE164() throws {
        let records = DirectoryCSV.records(Self.header + "\n3171015708900002,Siti Rahma,1990-08-17,nonaktif,tunggakan,3,0812-3456-7890,0001234567890,3171010101100001,Puskesmas Menteng\n")
        let columns = try DirectoryCSV.columns(records[0])
        let person = try DirectoryCSV.participant(records[1], columns: columns).get()
        #expect(person.phone == "+6281234567890")
        #expect(person.reason == .tunggakan)
        #expect(person.birthDate.iso == "1990-08-17")
    }

    @Test(arguments: [
        ("3171013208900002,Siti,1990-08-17,aktif,,3,,0001234567890,3171010101100001,PKM", "not a valid NIK"),
        ("3171015708900002,Siti,17/08/1990,aktif,,3,,0001234567890,3171010101100001,PKM", "birth_date is not a date"),
        ("3171015708900002,Siti,1990-08-17,hidup,,3,,0001234567890,3171010101100001,PKM", "status is one of"),
        ("3171015708900002,Siti,1990-08-17,aktif,,4,,0001234567890,3171010101100001,PKM", "class must be 1, 2 or 3"),
        ("3171015708900002,Siti,1990-08-17,aktif", "fields where the header has"),
        ("3171015708900002,,1990-08-17,aktif,,3,,0001234567890,3171010101100001,PKM", "name is empty"),
    ])
    func aBrokenRowSaysWhatIsWrong(row: String, reason: String) throws {
        let records = DirectoryCSV.records(Self.header + "\n" + row + "\n")
        let columns = try DirectoryCSV.columns(records[0])
        guard case .failure(let problem) = DirectoryCSV.participant(records[1], columns: columns) else {
            Issue.record("the row was accepted")
            return
        }
        #expect(problem.line == 2)
        #expect(problem.reason.contains(reason))
    }
}
