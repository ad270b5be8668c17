/// `config/branches.yaml`: a BPJS Kesehatan branch office (Kantor Cabang) and the regions it serves.
package struct Branch: Decodable, Equatable, Sendable {
    package var id: String
    package var name: String
    /// The first four digits of the NIKs of its participants (province and regency code).
    package var regions: [String]
}

extension LoketConfiguration {
    /// The branch serving the region of `nik`; nil for a region no branch lists.
    package func branch(forNIK nik: String) -> Branch? {
        let region = String(nik.prefix(4))
        return self.branches.first { $0.regions.contains(region) }
    }
}
