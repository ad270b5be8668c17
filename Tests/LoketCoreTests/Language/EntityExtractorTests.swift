import LoketCore
import Testing

@Suite struct EntityExtractorTests {
    let extractor = EntityExtractor(referenceYear: 2026)

    @Test(arguments: [
        ("3171015708900002", "3171015708900002"),
        ("nik sy 3171 0157 0890 0002 min", "3171015708900002"),
        ("NIK: 3171-0157-0890-0002", "3171015708900002"),
        ("3515144508680002 itu nik istri", "3515144508680002"),
    ])
    func findsNIKsWrittenAnyWay(text: String, digits: String) {
        #expect(self.extractor.extract(text).nik?.digits == digits)
    }

    @Test(arguments: [
        ("0015015708900002", NIK.Problem.unknownProvince),
        ("3171013208900002", .impossibleBirthDate),
        ("3171015713900002", .impossibleBirthDate),
        ("3171015708900000", .zeroSerial),
    ])
    func refusesSixteenDigitsThatAreNotANIK(text: String, problem: NIK.Problem) {
        let entities = self.extractor.extract(text)
        #expect(entities.nik == nil)
        #expect(entities.problems == [.invalidNIK(problem)])
    }

    @Test func reportsAFifteenDigitNumberAsTheWrongLength() {
        let entities = self.extractor.extract("317101570890000")
        #expect(entities.nik == nil)
        #expect(entities.problems == [.digitCount(15)])
    }

    @Test func reportsLettersInsideANumber() {
        #expect(self.extractor.extract("3171O15708900002").problems.contains(.lettersInNumber))
    }

    @Test(arguments: [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("(0812) 3456.7890", "+6281234567890"),
        ("hp baru 0857 1234 5678 ya", "+6285712345678"),
    ])
    func normalisesPhonesToE164(text: String, phone: String) {
        #expect(self.extractor.extract(text).phone == phone)
    }

    @Test(arguments: [
        ("17-08-1985", "1985-08-17"),
        ("17/8/85", "1985-08-17"),
        ("17.08.1985", "1985-08-17"),
        ("17 Agustus 1985", "1985-08-17"),
        ("17 agt 85", "1985-08-17"),
        ("1985-08-17", "1985-08-17"),
        ("lahir 5 mei 2001", "2001-05-05"),
    ])
    func readsBirthDates(text: String, iso: String) {
        #expect(self.extractor.extract(text).birthDate?.iso == iso)
    }

    @Test func refusesADateThatDoesNotExist() {
        let entities = self.extractor.extract("31-02-1990")
        #expect(entities.birthDate == nil)
        #expect(entities.problems == [.impossibleDate("31-02-1990")])
    }

    @Test(arguments: [("kelas 2", 2), ("kls II", 2), ("kelas tiga", 3), ("pindah ke klas 1", 1)])
    func readsTheClass(text: String, careClass: Int) {
        #expect(self.extractor.extract(text).careClass == careClass)
    }

    @Test func separatesCardKKVirtualAccountAndEmail() {
        let entities = self.extractor.extract(
            "kartu 0001234567890, kk 3171010101100001, va 8888801234567890, email Siti.Rahma@example.com")
        #expect(entities.card == "0001234567890")
        #expect(entities.kk == "3171010101100001")
        #expect(entities.va == "8888801234567890")
        #expect(entities.email == "siti.rahma@example.com")
        #expect(entities.nik == nil)
    }

    @Test func findsNothingInPlainWords() {
        #expect(self.extractor.extract("halo min kartu saya nonaktif").isEmpty)
    }
}
