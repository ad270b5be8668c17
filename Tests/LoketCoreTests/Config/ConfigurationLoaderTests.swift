import Foundation
import LoketCore
import Testing

@Suite struct ConfigurationLoaderTests {
    @Test func theProjectConfigurationLoads() {
        let configuration = ProjectConfiguration.loaded
        #expect(configuration.directory.count >= 12)
        #expect(Set(configuration.directory.map(\.status)) == Set(MembershipStatus.allCases))
        #expect(Intent.allCases.filter(\.isService).allSatisfy { configuration.services[$0] != nil })
    }

    @Test func aWrongValueNamesTheFileAndLine() throws {
        var files = try ProjectConfiguration.files()
        files["loket.yaml"] = files["loket.yaml"]!.replacingOccurrences(of: "identity_lock_minutes: 30", with: "identity_lock_minutes: half an hour")
        let line = files["loket.yaml"]!.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("identity_lock_minutes") }! + 1
        #expect(throws: ConfigError.self) { try ConfigurationLoader.load(files: files) }
        do {
            _ = try ConfigurationLoader.load(files: files)
        } catch {
            #expect(error.file == "loket.yaml")
            #expect(error.line == line)
            #expect(error.reason.contains("identity_lock_minutes"))
        }
    }

    @Test func anUnknownDocumentInAServiceIsRefused() throws {
        var files = try ProjectConfiguration.files()
        files["services/reactivate.yaml"] = files["services/reactivate.yaml"]!.replacingOccurrences(
            of: "documents: [ktp, kk, selfie]", with: "documents: [ktp, paspor, selfie]")
        do {
            _ = try ConfigurationLoader.load(files: files)
            Issue.record("an unknown document was accepted")
        } catch {
            #expect(error.file == "services/reactivate.yaml")
            #expect(error.line != nil)
            #expect(error.reason.contains("paspor"))
        }
    }

    @Test func brokenYAMLNamesTheLine() throws {
        var files = try ProjectConfiguration.files()
        files["fees.yaml"] = "classes:\n  \"1\": { nominal: 150000\ndue_day: 10\n"
        do {
            _ = try ConfigurationLoader.load(files: files)
            Issue.record("broken YAML was accepted")
        } catch {
            #expect(error.file == "fees.yaml")
            #expect(error.line != nil)
        }
    }

    @Test func aMissingReplyIsRefused() throws {
        var files = try ProjectConfiguration.files()
        files["replies/en.yaml"] = files["replies/en.yaml"]!.replacingOccurrences(of: "\nask_nik:", with: "\nask_nik_old:")
        do {
            _ = try ConfigurationLoader.load(files: files)
            Issue.record("a missing reply was accepted")
        } catch {
            #expect(error.file == "replies/en.yaml")
            #expect(error.reason.contains("ask_nik"))
        }
    }
}
