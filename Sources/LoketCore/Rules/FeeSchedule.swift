/// Contributions per class and the arrears rules (`config/fees.yaml`, Perpres 64/2020).
package struct FeeSchedule: Decodable, Equatable, Sendable {
    package struct ClassFee: Decodable, Equatable, Sendable {
        package var nominal: Int
        package var governmentAid: Int
        package var memberPays: Int

        enum CodingKeys: String, CodingKey {
            case nominal
            case governmentAid = "government_aid"
            case memberPays = "member_pays"
        }
    }

    /// The service penalty (denda pelayanan) for inpatient care soon after reactivation.
    package struct Penalty: Decodable, Equatable, Sendable {
        package var ratePercent: Int
        package var maxMonths: Int
        package var cap: Int
        package var windowDays: Int

        enum CodingKeys: String, CodingKey {
            case cap
            case ratePercent = "rate_percent"
            case maxMonths = "max_months"
            case windowDays = "window_days"
        }
    }

    package var classes: [String: ClassFee]
    package var dueDay: Int
    package var arrearsMaxMonths: Int
    package var penalty: Penalty

    enum CodingKeys: String, CodingKey {
        case classes, penalty
        case dueDay = "due_day"
        case arrearsMaxMonths = "arrears_max_months"
    }

    /// What a member of `careClass` pays a month.
    package func monthly(careClass: Int) -> Int {
        self.classes[String(careClass)]?.memberPays ?? 0
    }

    /// What reactivation costs: the arrears (at most the legal maximum) plus the current month, for every family
    /// member on the card.
    package func reactivationAmount(for record: DirectoryRecord) -> Int {
        record.members.reduce(0) { total, member in
            let months = min(member.arrearsMonths, self.arrearsMaxMonths) + 1
            return total + months * self.monthly(careClass: member.careClass)
        }
    }

    /// What the family card pays a month: every member in their class. Also the first payment of a new
    /// registration.
    package func monthlyAmount(for record: DirectoryRecord) -> Int {
        record.members.reduce(0) { $0 + self.monthly(careClass: $1.careClass) }
    }

    /// What the family card would pay a month with everyone in `careClass` (a class change, a move to self-paying).
    package func monthlyAmount(for record: DirectoryRecord, inClass careClass: Int) -> Int {
        record.members.count * self.monthly(careClass: careClass)
    }
}
