import LoketCore
import Testing

@Suite struct UnderstandingTests {
    let understanding = ProjectConfiguration.environment.understanding

    @Test(arguments: [
        ("batal", true),
        ("batal aja kak", true),
        ("ga jadi deh", true),
        ("stop", true),
        ("berhenti", true),
        ("sy sudah berhenti bekerja, mau pindah bpjs ke mandiri", false),
        ("sy berhenti kerja tgl 20 feb 2026", false),
        ("stop kerja dari pabrik bulan lalu", false),
    ])
    func tellsACancelFromAJobThatEnded(text: String, cancels: Bool) {
        #expect(self.understanding.isCancel(text) == cancels)
    }
}
