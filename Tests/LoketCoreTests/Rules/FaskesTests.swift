import LoketCore
import Testing

@Suite struct FaskesTests {
    private let configuration = ProjectConfiguration.loaded

    @Test func theDistrictsFacilitiesComeBeforeTheRestOfTheCity() {
        let names = self.configuration.faskes(near: "sy skrg tinggal di Tebet, jaksel").map(\.name)
        #expect(names.prefix(2).allSatisfy { $0.contains("Tebet") })
        #expect(names.contains("Puskesmas Kecamatan Pancoran"))
        #expect(!names.contains { $0.contains("Menteng") })
    }

    @Test func aPlaceIsMatchedByWholeWordsOnly() {
        // "ubudiyah" is not Ubud.
        #expect(self.configuration.faskes(near: "jalan ubudiyah").isEmpty)
        #expect(self.configuration.faskes(near: "ubud gianyar").first?.name == "Puskesmas Kecamatan Ubud")
    }

    @Test func atMostTenAreOffered() {
        #expect(self.configuration.faskes(near: "jakarta pusat jakarta selatan bandung").count == 10)
    }

    @Test func aFacilityIsFoundByItsNameInASentence() {
        #expect(self.configuration.faskes(named: "yg puskesmas kecamatan gubeng aja kak")?.code == "1301U002")
        #expect(self.configuration.faskes(named: "klinik dekat rumah") == nil)
    }

    @Test(arguments: [
        ("yg dago husada aja kang", "0120K003"),
        ("puskesmas sukajadi", "0120U002"),
        ("dr hendra aja", nil),
        ("dr. hendra wijaya", "0302G004"),
    ])
    func aFacilityIsFoundByTheWordsThatSetItsNameApart(answer: String, code: String?) {
        #expect(self.configuration.faskes(named: answer)?.code == code)
    }

    @Test func aShortNameSharedByFacilitiesIsTakenFromTheListShown() {
        // Three clinics are "… Husada"; in Coblong only Dago Husada was listed.
        #expect(self.configuration.faskes(named: "husada") == nil)
        let listed = self.configuration.faskes(near: "coblong bandung")
        #expect(self.configuration.faskes(named: "yg husada", preferring: listed)?.name == "Klinik Pratama Dago Husada")
    }
}
