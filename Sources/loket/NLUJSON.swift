import Foundation
import LoketCore

/// The JSON lines of `loket nlu classify` and `loket nlu extract`, keys in the order DESIGN.md shows.
enum NLUJSON {
    static func prediction(_ prediction: IntentPrediction) -> String {
        let alternatives = prediction.alternatives.map {
            "{\"intent\":\(self.quoted($0.intent.rawValue)),\"confidence\":\(self.number($0.confidence))}"
        }
        return "{\"intent\":\(self.quoted(prediction.intent.rawValue)),\"confidence\":\(self.number(prediction.confidence)),"
            + "\"alternatives\":[\(alternatives.joined(separator: ","))]}"
    }

    static func entities(_ entities: Entities) -> String {
        let pairs: [(String, String?)] = [
            ("nik", entities.nik?.digits), ("kk", entities.kk), ("card", entities.card), ("phone", entities.phone),
            ("email", entities.email), ("birth_date", entities.birthDate?.iso), ("class", entities.careClass.map(String.init)),
            ("va", entities.va),
        ]
        let fields = pairs.compactMap { key, value in value.map { "\(self.quoted(key)):\(self.quoted($0))" } }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Entities as a plain dictionary, for comparing with expected JSON.
    static func dictionary(_ entities: Entities) -> [String: String] {
        let data = Data(self.entities(entities).utf8)
        return (try? JSONSerialization.jsonObject(with: data) as? [String: String]) ?? [:]
    }

    private static func quoted(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        let array = data.map { String(decoding: $0, as: UTF8.self) } ?? "[\"\"]"
        return String(array.dropFirst().dropLast())
    }

    private static func number(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}
