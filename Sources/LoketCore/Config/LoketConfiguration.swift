/// Everything the engine needs from `config/`, loaded and checked once at start.
package struct LoketConfiguration: Sendable {
    package var general: GeneralSettings
    package var calendar: OfficeCalendar
    package var fees: FeeSchedule
    package var documents: [String: DocumentDefinition]
    package var reasons: [String: ReasonDefinition]
    package var faq: [FAQEntry]
    package var services: [Intent: ServiceDefinition]
    package var replies: [Language: ReplyCatalog]
    package var trainingExamples: [Intent: [String]]
    package var lexicon: [String: [String]]
    package var outOfScopeMarkers: OutOfScopeMarkers
    /// The sample participant directory.
    package var directory: [Participant]
    /// The branch offices, whose queues cases are sorted into.
    package var branches: [Branch]
    /// The primary-care facilities a citizen may move to, by area.
    package var faskes: [Faskes]

    package func service(_ intent: Intent) -> ServiceDefinition? { self.services[intent] }

    package func document(_ id: String) -> DocumentDefinition? { self.documents[id] }
}
