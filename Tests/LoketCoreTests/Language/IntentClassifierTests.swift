import LoketCore
import Testing

@Suite struct IntentClassifierTests {
    let classifier = ProjectConfiguration.environment.understanding.classifier

    @Test(arguments: [
        ("halo min kartu bpjs sy nonaktif gmn biar aktif lg?", Intent.reactivate),
        ("no hp lama udh hangus min", .changePhone),
        ("MAU DAFTARIN ANAK BARU LAHIR", .addMember),
        ("kartu baru saya belum aktif, bayar pertama di mana?", .activate),
        ("mau pindah faskes ke puskesmas dekat rumah", .changeFaskes),
        ("batal", .cancel),
        ("makasih kak", .thanks),
        ("selamat pagi", .greeting),
    ])
    func understandsEverydayIndonesian(text: String, intent: Intent) {
        #expect(self.classifier.classify(text).intent == intent)
    }

    @Test(arguments: [
        "kapan JHT saya bisa dicairkan?",
        "cara klaim BPJS Ketenagakerjaan",
        "obat untuk demam anak apa ya",
        "daftar kartu prakerja gelombang baru",
    ])
    func refusesNearMisses(text: String) {
        #expect(self.classifier.classify(text).intent == .outOfScope)
    }

    @Test func givesConfidenceAndAlternatives() {
        let prediction = self.classifier.classify("kartu saya mati karena nunggak iuran")
        #expect(prediction.confidence > 0.5 && prediction.confidence <= 1)
        #expect(!prediction.alternatives.isEmpty)
        #expect(prediction.alternatives.allSatisfy { $0.confidence <= prediction.confidence })
    }
}
