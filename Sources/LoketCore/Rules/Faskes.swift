/// A primary-care facility (FKTP: puskesmas, clinic, GP practice) of `config/faskes.yaml`.
package struct Faskes: Decodable, Equatable, Sendable {
    package var code: String
    package var name: String
    /// The district first, then the city and the names people use for them ("jaksel").
    package var areas: [String]
}

extension LoketConfiguration {
    /// The facilities in the place a citizen names ("sy skrg di tebet jaksel"): those of the district first, then
    /// the rest of the city; at most `limit`, as many as a WhatsApp list shows.
    package func faskes(near place: String, limit: Int = 10) -> [Faskes] {
        let text = Self.words(place)
        let ranked = self.faskes.compactMap { faskes -> (rank: Int, faskes: Faskes)? in
            guard let rank = faskes.areas.firstIndex(where: { text.contains(Self.words($0)) }) else { return nil }
            return (rank, faskes)
        }
        return ranked.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }
            .prefix(limit).map(\.element.faskes)
    }

    /// The facility a citizen named: by its code, its whole name, or the words that set its name apart ("yg dago
    /// husada aja" for Klinik Pratama Dago Husada). A short name that fits several, or only part of a name, is looked
    /// for among `preferred` (the facilities just listed); it names none while it stays ambiguous.
    package func faskes(named answer: String, preferring preferred: [Faskes] = []) -> Faskes? {
        let text = Self.words(answer)
        if let whole = self.faskes.first(where: { $0.code.lowercased() == answer.lowercased() || text.contains(Self.words($0.name)) }) {
            return whole
        }
        let fitting = self.faskes.filter { faskes in
            let distinctive = Self.distinctiveWords(of: faskes.name)
            return !distinctive.isEmpty && distinctive.allSatisfy { text.contains(" \($0) ") }
        }
        let listed = fitting.filter { candidate in preferred.contains { $0.code == candidate.code } }
        if listed.count == 1 { return listed[0] }
        if fitting.count == 1 { return fitting[0] }
        // Among the facilities just listed, one word of a name is enough when no other listed name has it ("yg husada").
        let partly = preferred.filter { Self.distinctiveWords(of: $0.name).contains { text.contains(" \($0) ") } }
        return partly.count == 1 ? partly[0] : nil
    }

    /// The kinds of facility every name shares; the rest of a name tells it apart.
    private static let kindWords: Set<String> = ["puskesmas", "kecamatan", "kelurahan", "klinik", "pratama", "utama", "dr", "dokter", "praktik"]

    private static func distinctiveWords(of name: String) -> [String] {
        name.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { !self.kindWords.contains($0) }
    }

    /// Lower-case words between single spaces, padded, so that " tebet " matches whole words only.
    private static func words(_ text: String) -> String {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }
        return " " + words.joined(separator: " ") + " "
    }
}
