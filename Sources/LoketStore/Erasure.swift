import Foundation
import LoketCore

/// A citizen's chat copies removed on request (the directory record belongs to BPJS and stays).
extension CaseFile {
    /// The case without the citizen's data: no NIK, name, card, answers, documents or payment details; its
    /// service, times and history stay for the statistics, and an open case is withdrawn.
    package func erased(at moment: Date) -> CaseFile {
        var file = CaseFile(id: self.id, service: self.service, citizen: CitizenErasure.erasedAddress, openedAt: self.openedAt)
        file.state = self.state.isOpen ? .cancelled : self.state
        file.history = self.history
        file.branch = self.branch
        file.dueAt = self.dueAt
        file.record("erased", by: "admin", at: moment)
        return file
    }
}

package enum CitizenErasure {
    /// What stands in for the phone number of an erased conversation.
    package static let erasedAddress = "erased"

    /// A received message reduced to its id, which still keeps a redelivery from being handled twice.
    package static func erased(_ id: String) -> InboundMessage {
        InboundMessage(id: id, from: self.erasedAddress)
    }
}
