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

    /// The facility a citizen named, by its code or its whole name.
    package func faskes(named answer: String) -> Faskes? {
        let text = Self.words(answer)
        return self.faskes.first { $0.code.lowercased() == answer.lowercased() || text.contains(Self.words($0.name)) }
    }

    /// Lower-case words between single spaces, padded, so that " tebet " matches whole words only.
    private static func words(_ text: String) -> String {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }
        return " " + words.joined(separator: " ") + " "
    }
}
