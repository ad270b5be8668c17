/// Builds a ``LoketConfiguration`` from the text of the files in `config/`, keyed by their path relative to it.
///
/// Pure: the caller reads the files. Every problem is a ``ConfigError`` naming the file and, where it can, the line.
package enum ConfigurationLoader {
    package static func load(files: [String: String]) throws(ConfigError) -> LoketConfiguration {
        func document(_ path: String) throws(ConfigError) -> YAMLDocument {
            guard let text = files[path] else { throw ConfigError(file: path, line: nil, reason: "the file is missing") }
            return try YAMLDocument(file: path, text: text)
        }
        func documents(under folder: String) throws(ConfigError) -> [YAMLDocument] {
            var result: [YAMLDocument] = []
            for path in files.keys.sorted() where path.hasPrefix(folder + "/") && path.hasSuffix(".yaml") {
                result.append(try document(path))
            }
            return result
        }

        let general = try document("loket.yaml").decode(GeneralSettings.self)
        let calendar = try document("calendar.yaml").decode(OfficeCalendar.self)
        let fees = try document("fees.yaml").decode(FeeSchedule.self)
        let documentList = try document("documents.yaml").decode(DocumentList.self).documents
        let reasonsFile = try document("reasons.yaml")
        let reasons = try reasonsFile.decode(ReasonList.self).reasons
        let faq = try document("faq.yaml").decode(FAQList.self).faq

        let documentsByID = Dictionary(documentList.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, reason) in reasons.enumerated() {
            if let id = reason.defaultDocument, documentsByID[id] == nil {
                throw reasonsFile.error(at: [PathKey("reasons"), PathKey(index), PathKey("default_document")], "unknown document '\(id)'")
            }
        }

        var services: [Intent: ServiceDefinition] = [:]
        for file in try documents(under: "services") {
            let service = try file.decode(ServiceDefinition.self)
            for (index, id) in service.documents.enumerated() where documentsByID[id] == nil {
                throw file.error(at: [PathKey("documents"), PathKey(index)], "unknown document '\(id)' (not in documents.yaml)")
            }
            for (index, field) in service.fields.enumerated() {
                for (position, option) in field.options.enumerated() {
                    for id in option.documents where documentsByID[id] == nil {
                        throw file.error(
                            at: [PathKey("fields"), PathKey(index), PathKey("options"), PathKey(position), PathKey("documents")],
                            "unknown document '\(id)' (not in documents.yaml)")
                    }
                }
            }
            for (rule, value) in service.rules where rule.hasSuffix("_documents") {
                guard case .list(let ids) = value else { continue }
                for id in ids where documentsByID[id] == nil {
                    throw file.error(at: [PathKey("rules"), PathKey(rule)], "unknown document '\(id)' (not in documents.yaml)")
                }
            }
            if services[service.id] != nil {
                throw file.error(at: [PathKey("id")], "a second file for service '\(service.id.rawValue)'")
            }
            services[service.id] = service
        }
        for intent in Intent.allCases where intent.isService && services[intent] == nil {
            throw ConfigError(file: "services/\(intent.rawValue).yaml", line: nil, reason: "the file for service '\(intent.rawValue)' is missing")
        }
        for (index, intent) in general.menu.enumerated() where !intent.isService {
            throw try document("loket.yaml").error(at: [PathKey("menu"), PathKey(index)], "'\(intent.rawValue)' is not a service")
        }

        var replies: [Language: ReplyCatalog] = [:]
        for language in Language.allCases {
            let file = try document("replies/\(language.rawValue).yaml")
            replies[language] = try ReplyCatalog(document: file)
        }

        var examples: [Intent: [String]] = [:]
        for file in try documents(under: "nlu/intents") {
            let list = try file.decode(ExampleList.self)
            examples[list.intent, default: []].append(contentsOf: list.examples)
        }
        for intent in Intent.allCases where (examples[intent] ?? []).isEmpty {
            throw ConfigError(file: "nlu/intents/\(intent.rawValue).yaml", line: nil, reason: "no training examples for intent '\(intent.rawValue)'")
        }
        let lexicon = try document("nlu/lexicon.yaml").decode(Lexicon.self).slang.mapValues { replacement in
            replacement.split(separator: " ").map(String.init)
        }
        let markers = try document("nlu/out_of_scope.yaml").decode(OutOfScopeMarkers.self)

        var directory: [Participant] = []
        for file in try documents(under: "directory") {
            let people = try file.decode(ParticipantList.self).participants
            for (index, person) in people.enumerated() {
                if let problem = DirectoryValidation.problem(with: person) {
                    throw file.error(at: [PathKey("participants"), PathKey(index)], problem)
                }
            }
            directory.append(contentsOf: people)
        }

        return LoketConfiguration(
            general: general, calendar: calendar, fees: fees, documents: documentsByID,
            reasons: Dictionary(reasons.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }), faq: faq,
            services: services, replies: replies, trainingExamples: examples, lexicon: lexicon,
            outOfScopeMarkers: markers, directory: directory, branches: try Self.branches(try document("branches.yaml")),
            faskes: try document("faskes.yaml").decode(FaskesList.self).faskes
        )
    }

    private struct DocumentList: Decodable { var documents: [DocumentDefinition] }
    private struct ReasonList: Decodable { var reasons: [ReasonDefinition] }
    private struct BranchList: Decodable { var branches: [Branch] }
    private struct FaskesList: Decodable { var faskes: [Faskes] }

    /// Branches with unique ids, each region (four digits) served by one branch only.
    private static func branches(_ file: YAMLDocument) throws(ConfigError) -> [Branch] {
        let branches = try file.decode(BranchList.self).branches
        var seen: [String: String] = [:]
        for (index, branch) in branches.enumerated() {
            if branches[..<index].contains(where: { $0.id == branch.id }) {
                throw file.error(at: [PathKey("branches"), PathKey(index), PathKey("id")], "a second branch '\(branch.id)'")
            }
            for (position, region) in branch.regions.enumerated() {
                guard region.count == 4, region.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    throw file.error(at: [PathKey("branches"), PathKey(index), PathKey("regions"), PathKey(position)], "a region is four digits")
                }
                if let other = seen[region] {
                    throw file.error(at: [PathKey("branches"), PathKey(index), PathKey("regions"), PathKey(position)], "region \(region) is also \(other)'s")
                }
                seen[region] = branch.id
            }
        }
        return branches
    }
    private struct FAQList: Decodable { var faq: [FAQEntry] }
    private struct ExampleList: Decodable {
        var intent: Intent
        var examples: [String]
    }
    private struct Lexicon: Decodable { var slang: [String: String] }
    private struct ParticipantList: Decodable { var participants: [Participant] }
}

/// The checks a directory record must pass before the bot relies on it.
package enum DirectoryValidation {
    package static func problem(with person: Participant) -> String? {
        if case .failure(let problem) = NIK.validate(person.nik) { return "nik \(person.nik) is not a valid NIK (\(problem.rawValue))" }
        if person.card.count != 13 || !person.card.allSatisfy(\.isNumber) { return "card must be 13 digits" }
        if person.kk.count != 16 || !person.kk.allSatisfy(\.isNumber) { return "kk must be 16 digits" }
        if !(1...3).contains(person.careClass) { return "class must be 1, 2 or 3" }
        if let phone = person.phone, PhoneNumber.parse(phone) != phone { return "phone must be E.164 (+628…)" }
        return nil
    }
}
