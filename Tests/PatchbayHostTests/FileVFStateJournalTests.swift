import Foundation
import PatchbayCore
import PatchbayHost
import Testing

@Suite("FileVFStateJournal keeps VF originals across restarts")
struct FileVFStateJournalTests {
    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("vf-journal-\(UInt64.random(in: 0...UInt64.max))").path
    }

    @Test func savedOriginalsSurviveAFreshJournalOnTheSameDirectory() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = VFSettings(mac: "52:54:00:12:34:56", vlan: 42, qos: 3, trust: true, maxTxRate: 100)
        let first = try FileVFStateJournal(directory: directory + "/nested")
        try first.save(original, for: VFID(pf: "ens1f0", vf: 3))
        try first.save(.defaults, for: VFID(pf: "ens1f1", vf: 0))

        let restarted = try FileVFStateJournal(directory: directory + "/nested")
        #expect(try restarted.originals() == [VFID(pf: "ens1f0", vf: 3): original, VFID(pf: "ens1f1", vf: 0): .defaults])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/nested").sorted()
                == ["ens1f0:3.json", "ens1f1:0.json"])

        // The reconciler, given the restarted journal, restores the VF once its port is gone.
        let tenant = VFSettings(mac: "fa:16:3e:00:00:01", vlan: 100)
        let actions = VFReconciler.actions(desired: [], actual: [VFID(pf: "ens1f0", vf: 3): tenant],
                                           originals: try restarted.originals())
        #expect(actions == [.restore(pf: "ens1f0", vf: 3, original: original), .forgetOriginal(pf: "ens1f0", vf: 3)])

        try restarted.forget(VFID(pf: "ens1f0", vf: 3))
        try restarted.forget(VFID(pf: "ens1f0", vf: 3))
        #expect(try first.originals().keys.sorted() == [VFID(pf: "ens1f1", vf: 0)])
    }

    @Test func corruptFile_Fails() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = try FileVFStateJournal(directory: directory)
        try Data("{\"pf\":".utf8).write(to: URL(fileURLWithPath: directory + "/ens1f0:0.json"))
        #expect { try journal.originals() } throws: { ($0 as? PatchbayError)?.code == "host.vf_journal_failed" }
    }
}
