import LoketCore
import Testing

@Suite struct MaskingTests {
    @Test func phonesKeepTheirFirstAndLastFourDigits() {
        #expect(Masking.maskPhone("+6281234567890") == "0812****7890")
    }

    @Test func namesKeepTheFirstWordAndInitials() {
        #expect(Masking.maskName("Siti Rahmawati") == "Siti R********")
    }

    @Test(arguments: [
        ("Nomor kartu Anda *0001018827364*.", "Nomor kartu Anda *0001*****7364*."),
        ("VA 8888801018827364 sebelum 12:00", "VA 8888********7364 sebelum 12:00"),
        ("NIK 3310052006680002", "NIK 3310********0002"),
        ("Kirim ke +6285712345678 ya", "Kirim ke +6285*****5678 ya"),
        ("Tagihan 3 bulan Rp 105.000, kode 1234567", "Tagihan 3 bulan Rp 105.000, kode 1234567"),
    ])
    func longNumbersInTextAreMaskedShortOnesKept(text: String, masked: String) {
        #expect(Masking.maskNumbers(in: text) == masked)
    }
}
