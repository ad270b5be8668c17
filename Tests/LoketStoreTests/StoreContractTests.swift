import Foundation
import LoketCore
import LoketPostgres
import LoketSQLite
import LoketStore
import Testing

/// One suite, written once against ``Store``, run on SQLite always and on PostgreSQL when
/// `LOKET_TEST_POSTGRES_URL` names a scratch database (the README's test command starts one).
@Suite(.serialized) struct StoreContractTests {
    enum Engine: String, CaseIterable, CustomStringConvertible {
        case sqlite
        case postgres

        var description: String { self.rawValue }
    }

    static let postgresURL = ProcessInfo.processInfo.environment["LOKET_TEST_POSTGRES_URL"]
    static var engines: [Engine] { Self.postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    static let moment = Date(timeIntervalSince1970: 1_772_417_700)

    /// Runs `body` with an empty store of the engine.
    func withEmptyStore(_ engine: Engine, _ body: @Sendable (any Store) async throws -> Void) async throws {
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loket-store-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            try await body(try SQLiteStore(path: folder.appendingPathComponent("loket.sqlite").path))
        case .postgres:
            let store = try PostgresStore(url: try #require(Self.postgresURL))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await store.run() }
                defer { group.cancelAll() }
                try await store.migrate()
                try await store.eraseEverything()
                try await body(store)
            }
        }
    }

    static func message(_ id: String, from: String = "+6285712345678") -> InboundMessage {
        InboundMessage(id: id, from: from, text: "halo")
    }

    /// A commit that appends one reply and counts the conversation's events in its state.
    static func reply(_ text: String) -> @Sendable (ConversationState, Int) throws -> (Commit, Int) {
        { state, sequence in
            var next = state
            next.identityFailures += 1
            var commit = Commit(state: next)
            commit.outbox.append(OutboxEntry(id: "\(sequence)-1", recipient: state.address, reply: Reply(text: text), inReplyTo: nil, createdAt: Self.moment))
            return (commit, sequence)
        }
    }

    @Test(arguments: Self.engines)
    func aCommitWritesStateAndOutboxTogether(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            #expect(try await store.migrationsAreCurrent())
            let sequence = try await store.commit(CommitRequest(address: "+6285712345678", inbound: Self.message("m1"), receivedAt: Self.moment), decide: Self.reply("satu"))
            #expect(sequence != nil)
            #expect(try await store.conversation(address: "+6285712345678")?.identityFailures == 1)
            let leased = try await store.leaseOutbox(now: Self.moment, limit: 10, leaseSeconds: 60)
            #expect(leased.map(\.reply.text) == ["satu"])
        }
    }

    @Test(arguments: Self.engines)
    func aRedeliveredMessageIsNotDecidedAgain(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            let request = CommitRequest(address: "+6285712345678", inbound: Self.message("m1"), receivedAt: Self.moment)
            #expect(try await !store.hasReceived(messageID: "m1"))
            #expect(try await store.commit(request, decide: Self.reply("satu")) != nil)
            #expect(try await store.hasReceived(messageID: "m1"))
            #expect(try await store.commit(request, decide: Self.reply("dua")) == nil)
            #expect(try await store.conversation(address: "+6285712345678")?.identityFailures == 1)
            #expect(try await !store.hasRecordedPayment(reference: "PAY-1"))
            let payment = Payment(virtualAccount: "8888801234567890", amount: 140_000, reference: "PAY-1")
            _ = try await store.commit(CommitRequest(address: "+6281111111111", payment: payment, receivedAt: Self.moment), decide: Self.reply("lunas"))
            #expect(try await store.hasRecordedPayment(reference: "PAY-1"))
        }
    }

    @Test(arguments: Self.engines)
    func aFailedDecisionWritesNothing(engine: Engine) async throws {
        struct Refused: Error {}
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            let request = CommitRequest(address: "+6285712345678", inbound: Self.message("m1"), receivedAt: Self.moment)
            await #expect(throws: Refused.self) {
                _ = try await store.commit(request) { (_: ConversationState, _: Int) -> (Commit, Int) in throw Refused() }
            }
            #expect(try await store.conversation(address: "+6285712345678") == nil)
            // The message was not recorded either, so the redelivery is handled.
            #expect(try await store.commit(request, decide: Self.reply("satu")) != nil)
        }
    }

    @Test(arguments: Self.engines)
    func concurrentEventsOfOneConversationAreSerialised(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let request = CommitRequest(address: "+6285712345678", inbound: Self.message("m\(index)"), receivedAt: Self.moment)
                        _ = try await store.commit(request, decide: Self.reply("r\(index)"))
                    }
                }
                try await group.waitForAll()
            }
            // Every event saw the state the previous one wrote: no lost update.
            #expect(try await store.conversation(address: "+6285712345678")?.identityFailures == 20)
        }
    }

    @Test(arguments: Self.engines)
    func repliesToOneCitizenAreLeasedInOrder(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            for index in 1...3 {
                let request = CommitRequest(address: "+6285712345678", inbound: Self.message("m\(index)"), receivedAt: Self.moment)
                _ = try await store.commit(request, decide: Self.reply("r\(index)"))
            }
            let first = try await store.leaseOutbox(now: Self.moment, limit: 10, leaseSeconds: 60)
            #expect(first.map(\.reply.text) == ["r1"])
            #expect(try await store.leaseOutbox(now: Self.moment, limit: 10, leaseSeconds: 60).isEmpty)
            try await store.markDelivered(id: first[0].id, at: Self.moment, platformID: "wamid.r1")
            #expect(try await store.recordDeliveryStatus(platformID: "wamid.r1", status: "read", at: Self.moment))
            #expect(try await !store.recordDeliveryStatus(platformID: "wamid.unknown", status: "read", at: Self.moment))
            #expect(try await store.outbox(recipient: "+6285712345678", limit: 10).first?.platformStatus == "read")
            #expect(try await store.leaseOutbox(now: Self.moment, limit: 10, leaseSeconds: 60).map(\.reply.text) == ["r2"])
        }
    }

    @Test(arguments: Self.engines)
    func aFailedDeliveryWaitsThenDeadLettersAndCanBeRetried(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            let request = CommitRequest(address: "+6285712345678", inbound: Self.message("m1"), receivedAt: Self.moment)
            _ = try await store.commit(request, decide: Self.reply("satu"))
            let entry = try #require(try await store.leaseOutbox(now: Self.moment, limit: 10, leaseSeconds: 60).first)
            try await store.markFailed(id: entry.id, error: "503", retryAt: Self.moment.addingTimeInterval(30))
            #expect(try await store.leaseOutbox(now: Self.moment.addingTimeInterval(10), limit: 10, leaseSeconds: 60).isEmpty)
            let retried = try await store.leaseOutbox(now: Self.moment.addingTimeInterval(31), limit: 10, leaseSeconds: 60)
            #expect(retried.first?.attempts == 1)
            try await store.markFailed(id: entry.id, error: "400 recipient unknown", retryAt: nil)
            let dead = try await store.deadLetters(limit: 10)
            #expect(dead.map(\.id) == [entry.id])
            #expect(dead.first?.lastError == "400 recipient unknown")
            #expect(try await store.retryDeadLetter(id: entry.id, at: Self.moment.addingTimeInterval(60)))
            #expect(try await store.deadLetters(limit: 10).isEmpty)
            #expect(try await store.leaseOutbox(now: Self.moment.addingTimeInterval(60), limit: 10, leaseSeconds: 60).map(\.id) == [entry.id])
        }
    }

    @Test(arguments: Self.engines)
    func casesTimersPaymentsAndTheDirectoryAreStored(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            let siti = Participant(
                nik: "3171015708900002", name: "Siti Rahma", birthDate: CalendarDate(year: 1990, month: 8, day: 17)!, status: .nonaktif,
                reason: .tunggakan, arrearsMonths: 3, card: "0001234567890", kk: "3171010101100001", faskes: "Puskesmas Menteng")
            var husband = siti
            husband.nik = "3171011708880001"
            husband.name = "Budi Santoso"
            #expect(try await store.seedParticipants([siti, husband]) == 2)
            #expect(try await store.seedParticipants([siti]) == 0)
            var file = CaseFile(id: "LKT-260302-0001", service: .reactivate, citizen: "+6285712345678", openedAt: Self.moment)
            file.state = .awaitingPayment
            file.virtualAccount = "8888801234567890"
            let timer = ConversationTimer(id: "LKT-260302-0001/payment-reminder", purpose: .paymentReminder, caseID: file.id, fireAt: Self.moment.addingTimeInterval(3600))
            let payment = Payment(virtualAccount: "8888801234567890", amount: 140_000, reference: "bank-1")
            let request = CommitRequest(address: "+6285712345678", payment: payment, receivedAt: Self.moment)
            let opened = file
            let first = try await store.commit(request) { state, _ in
                var commit = Commit(state: state)
                commit.cases = [opened]
                commit.timers = [ScheduledTimer(timer: timer, address: state.address)]
                commit.participantChanges = [ParticipantUpdate(nik: siti.nik, change: .activated)]
                return (commit, true)
            }
            #expect(first == true)
            #expect(try await store.commit(request) { state, _ in (Commit(state: state), true) } == nil)
            #expect(try await store.caseAwaitingPayment(virtualAccount: "8888801234567890")?.id == file.id)
            #expect(try await store.cases(in: [.awaitingPayment], limit: 10).map(\.id) == [file.id])
            #expect(try await store.dueTimers(at: Self.moment, limit: 10).isEmpty)
            #expect(try await store.dueTimers(at: Self.moment.addingTimeInterval(3600), limit: 10).map(\.timer) == [timer])
            // Activation covers the family card: both members are active.
            let family = try #require(try await store.directoryRecord(nik: siti.nik)).family
            #expect(family.map(\.status) == [.aktif, .aktif])
        }
    }

    @Test(arguments: Self.engines)
    func directoryChangesCoverTheFamilyOnlyWhereTheCardDoes(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            let budi = Participant(
                nik: "3171011708880001", name: "Budi Santoso", birthDate: CalendarDate(year: 1988, month: 8, day: 17)!, status: .aktif,
                careClass: 2, card: "0001234567891", kk: "3171010101100001", faskes: "Puskesmas Kecamatan Menteng")
            var ani = budi
            ani.nik = "3171015708900002"
            ani.name = "Ani Santoso"
            _ = try await store.seedParticipants([budi, ani])
            let deceased = ani.nik
            let from = CalendarDate(year: 2026, month: 4, day: 1)!
            _ = try await store.commit(CommitRequest(address: "+6285712345678", inbound: Self.message("wamid.family"), receivedAt: Self.moment)) {
                state, _ in
                var commit = Commit(state: state)
                commit.participantChanges = [
                    ParticipantUpdate(nik: budi.nik, change: .careClass(1, from: from)),
                    ParticipantUpdate(nik: budi.nik, change: .faskes("Puskesmas Kecamatan Tebet", from: from)),
                    ParticipantUpdate(nik: deceased, change: .deceased(CalendarDate(year: 2026, month: 3, day: 1)!)),
                ]
                return (commit, true)
            }
            let family = try #require(try await store.directoryRecord(nik: budi.nik)).family
            let byName = Dictionary(uniqueKeysWithValues: family.map { ($0.name, $0) })
            // The class is the card's; the facility and a death are one person's.
            #expect(family.map(\.careClass) == [1, 1])
            #expect(byName["Budi Santoso"]?.faskes == "Puskesmas Kecamatan Tebet")
            #expect(byName["Budi Santoso"]?.faskesSince == from)
            #expect(byName["Ani Santoso"]?.faskes == "Puskesmas Kecamatan Menteng")
            #expect(byName["Ani Santoso"]?.reason == .meninggal)
            #expect(byName["Budi Santoso"]?.status == .aktif)
        }
    }

    @Test(arguments: Self.engines)
    func theAuditLogIsOneChainWhetherWrittenByCommitsOrViews(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            try await store.recordAudit(AuditEntry(at: Self.moment, actor: "officer:sari", action: "case_viewed", subject: "LKT-260302-0001"))
            _ = try await store.commit(CommitRequest(address: "+6285712345678", inbound: Self.message("wamid.audit"), receivedAt: Self.moment)) {
                state, _ in
                var commit = Commit(state: state)
                commit.audit = [
                    AuditEntry(at: Self.moment, actor: "officer:sari", action: "approved", subject: "LKT-260302-0001", detail: "ktp \"jelas\""),
                    AuditEntry(at: Self.moment.addingTimeInterval(0.25), actor: "system", action: "documents_purged", subject: "LKT-260302-0001"),
                ]
                return (commit, true)
            }
            #expect(try await AuditChain.verify(store, pageSize: 2) == AuditVerification(entries: 3, firstBroken: nil))
        }
    }

    @Test(arguments: Self.engines)
    func anErasureRemovesTheChatCopiesOfAnAddress(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            let address = "+6285712345678"
            try await store.recordDocument(StoredDocument(id: "doc-1", citizen: address, mimeType: "image/jpeg", size: 3, storedAt: Self.moment))
            _ = try await store.commit(CommitRequest(address: address, inbound: Self.message("wamid.erase"), receivedAt: Self.moment)) { state, _ in
                var commit = Commit(state: state)
                var file = CaseFile(id: "LKT-260302-0009", service: .changePhone, citizen: address, openedAt: Self.moment)
                file.nik = "3171015708900002"
                file.state = .queued
                file.documents = ["ktp": Attachment(kind: .image, reference: "vault:doc-1")]
                commit.state.cases = [file]
                commit.cases = [file]
                commit.outbox = [OutboxEntry(id: "reply-1", recipient: address, reply: Reply(text: "Baik"), inReplyTo: "wamid.erase", createdAt: Self.moment)]
                return (commit, true)
            }
            #expect(try await store.citizenAddresses(nik: "3171015708900002") == [address])
            let audit = AuditEntry(at: Self.moment, actor: "admin:rina", action: "citizen_erased", subject: "citizen:3171********0002")
            #expect(try await store.erase(addresses: [address], at: Self.moment, audit: audit) == ["doc-1"])
            #expect(try await store.conversation(address: address) == nil)
            #expect(try await store.outbox(recipient: address, limit: 10).isEmpty)
            #expect(try await store.hasReceived(messageID: "wamid.erase"))
            let erased = try #require(try await store.caseFile(id: "LKT-260302-0009"))
            #expect(erased.nik == nil && erased.documents.isEmpty && erased.state == .cancelled)
            #expect(try await store.citizenAddresses(nik: "3171015708900002").isEmpty)
            #expect(try await AuditChain.verify(store).entries == 1)
        }
    }

    @Test(arguments: Self.engines)
    func aTimerFoundDueTwiceFiresOnce(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            let timer = ConversationTimer(id: "LKT-260302-0001/payment-reminder", purpose: .paymentReminder, caseID: "LKT-260302-0001", fireAt: Self.moment)
            _ = try await store.commit(CommitRequest(address: "+6285712345678", inbound: Self.message("wamid.timer"), receivedAt: Self.moment)) {
                state, _ in
                var commit = Commit(state: state)
                commit.timers = [ScheduledTimer(timer: timer, address: state.address)]
                return (commit, true)
            }
            // Two instances both found it due; each fires it.
            let due = try await store.dueTimers(at: Self.moment, limit: 10)
            #expect(due.map(\.timer.id) == [timer.id])
            let firing = CommitRequest(address: "+6285712345678", receivedAt: Self.moment, timer: timer.id)
            let fire: @Sendable (ConversationState, Int) throws -> (Commit, Bool) = { state, _ in
                var commit = Commit(state: state)
                commit.cancelledTimers = [timer.id]
                return (commit, true)
            }
            #expect(try await store.commit(firing, decide: fire) == true)
            #expect(try await store.commit(firing, decide: fire) == nil)
        }
    }

    @Test(arguments: Self.engines)
    func closedCasesWithStoredDocumentsAndTheAuditLogAreFound(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            try await store.recordDocument(StoredDocument(id: "doc-1", citizen: "+6285712345678", mimeType: "image/jpeg", size: 5, storedAt: Self.moment))
            var done = CaseFile(id: "LKT-1", service: .reactivate, citizen: "+6285712345678", openedAt: Self.moment)
            done.state = .done
            done.documents = ["ktp": LoketCore.Attachment(kind: .image, reference: "vault:doc-1")]
            var open = done
            open.id = "LKT-2"
            open.state = .queued
            let cases = [done, open]
            _ = try await store.commit(CommitRequest(address: "+6285712345678", receivedAt: Self.moment)) { state, _ in
                var commit = Commit(state: state)
                commit.cases = cases
                commit.audit = [AuditEntry(at: Self.moment, actor: "officer:ani", action: "case_viewed", subject: "LKT-1")]
                return (commit, 0)
            }
            #expect(try await store.closedCasesWithDocuments(closedBefore: Self.moment, limit: 10).isEmpty)
            #expect(try await store.closedCasesWithDocuments(closedBefore: Self.moment.addingTimeInterval(1), limit: 10).map(\.id) == ["LKT-1"])
            #expect(try await store.auditLog(limit: 10).map(\.action) == ["case_viewed"])
        }
    }

    @Test(arguments: Self.engines)
    func officersAreStoredByName(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            try await store.saveOfficer(Officer(name: "ani", role: .officer, createdAt: Self.moment))
            try await store.saveOfficer(Officer(name: "budi", role: .supervisor, branch: "Jakarta Pusat", createdAt: Self.moment))
            try await store.saveOfficer(Officer(name: "ani", role: .admin, createdAt: Self.moment))
            #expect(try await store.officer(name: "ani")?.role == .admin)
            #expect(try await store.officers().map(\.name) == ["ani", "budi"])
            #expect(try await store.officer(name: "citra") == nil)
        }
    }

    @Test(arguments: Self.engines)
    func theQueueIsInSLAOrderWithFiltersAndCounts(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            let cases: [(String, Intent, CaseState, Double, String?)] = [
                ("C-late", .reactivate, .queued, -3600, nil), ("C-soon", .changePhone, .claimed, 600, "sari"),
                ("C-later", .reactivate, .queued, 7200, nil), ("C-done", .reactivate, .done, -9000, nil),
                ("C-back", .activate, .needsInfo, -60, nil),
            ]
            for (id, service, state, due, claimant) in cases {
                var file = CaseFile(id: id, service: service, citizen: "+62857\(id.count)", openedAt: Self.moment)
                file.state = state
                file.branch = id == "C-later" ? "bandung" : "jakarta-pusat"
                file.dueAt = Self.moment.addingTimeInterval(due)
                file.claimedBy = claimant
                try await store.importCase(file)
            }
            #expect(try await store.queue(QueueFilter(), limit: 10, offset: 0).map(\.id) == ["C-late", "C-soon", "C-later"])
            #expect(try await store.queue(QueueFilter(), limit: 1, offset: 1).map(\.id) == ["C-soon"])
            #expect(try await store.queueCounts(QueueFilter(), at: Self.moment) == QueueCounts(total: 3, overdue: 1))
            #expect(try await store.queue(QueueFilter(service: .reactivate), limit: 10, offset: 0).map(\.id) == ["C-late", "C-later"])
            #expect(try await store.queue(QueueFilter(claimedBy: "sari"), limit: 10, offset: 0).map(\.id) == ["C-soon"])
            #expect(try await store.queue(QueueFilter(branch: "bandung"), limit: 10, offset: 0).map(\.id) == ["C-later"])
            #expect(try await store.queueCounts(QueueFilter(branch: "jakarta-pusat"), at: Self.moment) == QueueCounts(total: 2, overdue: 1))
            #expect(try await store.queue(QueueFilter(state: .needsInfo), limit: 10, offset: 0).map(\.id) == ["C-back"])
            #expect(try await store.queueCounts(QueueFilter(state: .done), at: Self.moment) == QueueCounts(total: 1, overdue: 1))
        }
    }

    @Test(arguments: Self.engines)
    func sessionsLastUntilTheyExpireOrEnd(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            let session = OfficerSession(tokenHash: "h1", officer: "sari", csrfToken: "c1", expiresAt: Self.moment.addingTimeInterval(3600))
            try await store.saveSession(session)
            #expect(try await store.session(tokenHash: "h1", at: Self.moment) == session)
            #expect(try await store.session(tokenHash: "h1", at: Self.moment.addingTimeInterval(3601)) == nil)
            #expect(try await store.session(tokenHash: "h2", at: Self.moment) == nil)
            try await store.deleteSession(tokenHash: "h1")
            #expect(try await store.session(tokenHash: "h1", at: Self.moment) == nil)
        }
    }

    @Test(arguments: Self.engines)
    func auditEntriesAndMessagesAreFoundBySubjectAndSender(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            try await store.recordAudit(AuditEntry(at: Self.moment, actor: "officer:sari", action: "case_viewed", subject: "C-1"))
            try await store.recordAudit(AuditEntry(at: Self.moment, actor: "officer:sari", action: "case_viewed", subject: "C-2"))
            try await store.recordAudit(AuditEntry(at: Self.moment, actor: "officer:budi", action: "document_viewed", subject: "C-1", detail: "ktp"))
            #expect(try await store.auditLog(subject: "C-1", limit: 10).map(\.action) == ["case_viewed", "document_viewed"])
            for (offset, id) in ["m1", "m2"].enumerated() {
                let request = CommitRequest(address: "+6285712345678", inbound: Self.message(id), receivedAt: Self.moment.addingTimeInterval(Double(offset)))
                _ = try await store.commit(request, decide: Self.reply("ok"))
            }
            _ = try await store.commit(CommitRequest(address: "+6281111111111", inbound: Self.message("m3", from: "+6281111111111"), receivedAt: Self.moment), decide: Self.reply("ok"))
            #expect(try await store.inboundMessages(sender: "+6285712345678", limit: 10).map(\.message.id) == ["m1", "m2"])
        }
    }

    @Test(arguments: Self.engines)
    func theSupervisorsCountsComeFromCasesAndTheAuditLog(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            for (id, service, hoursAgo) in [("S-1", Intent.reactivate, 2.0), ("S-2", .reactivate, 50), ("S-3", .changePhone, 100)] {
                var file = CaseFile(id: id, service: service, citizen: "+6285700000\(id.suffix(1))", openedAt: Self.moment.addingTimeInterval(-hoursAgo * 3600))
                file.state = .queued
                file.dueAt = Self.moment
                try await store.importCase(file)
            }
            let backlog = try await store.backlog(at: Self.moment)
            #expect(Set(backlog.map { "\($0.service.rawValue) \($0.age) \($0.count)" }) == [
                "reactivate underOneDay 1", "reactivate oneToThreeDays 1", "change_phone overThreeDays 1",
            ])
            for (actor, action) in [("officer:sari", "approve"), ("officer:sari", "approve"), ("officer:sari", "case_viewed"), ("officer:budi", "reject")] {
                try await store.recordAudit(AuditEntry(at: Self.moment, actor: actor, action: action, subject: "S-1"))
            }
            try await store.recordAudit(AuditEntry(at: Self.moment.addingTimeInterval(-30 * 86_400), actor: "officer:budi", action: "approve", subject: "S-2"))
            #expect(try await store.decisionCounts(since: Self.moment.addingTimeInterval(-86_400)) == [
                DecisionCount(officer: "budi", action: "reject", count: 1), DecisionCount(officer: "sari", action: "approve", count: 2),
            ])
            try await store.recordBacklog(day: "2026-03-01", waiting: 5)
            try await store.recordBacklog(day: "2026-03-02", waiting: 3)
            try await store.recordBacklog(day: "2026-03-02", waiting: 4)
            #expect(try await store.backlogHistory(days: 14).map { "\($0.day)=\($0.waiting)" } == ["2026-03-01=5", "2026-03-02=4"])
        }
    }

    @Test(arguments: Self.engines)
    func statisticsCountTheOutboxAndCases(engine: Engine) async throws {
        try await self.withEmptyStore(engine) { (store: any Store) async throws in
            let request = CommitRequest(address: "+6285712345678", inbound: Self.message("m1"), receivedAt: Self.moment)
            _ = try await store.commit(request, decide: Self.reply("satu"))
            var file = CaseFile(id: "LKT-1", service: .reactivate, citizen: "+6285712345678", openedAt: Self.moment)
            file.state = .queued
            let queued = file
            _ = try await store.commit(CommitRequest(address: "+6285712345678", receivedAt: Self.moment)) { state, _ in
                var commit = Commit(state: state)
                commit.cases = [queued]
                return (commit, 0)
            }
            let statistics = try await store.statistics(at: Self.moment.addingTimeInterval(30))
            #expect(statistics.outboxPending == 1)
            #expect(statistics.oldestPendingSeconds == 30)
            #expect(statistics.deadLetters == 0)
            #expect(statistics.casesByState == ["queued": 1])
        }
    }
}
