import NetnsTesting
import PatchbayCore
import PatchbayHost
import PatchbayTesting
import Testing

@Suite("VF mirroring through the i40e sysfs files of a fixture tree")
struct VFMirrorSysfsTests {
    @Test func writesAreAddAndRemLinesInTheVFsFilesAndTheFakeNICFoldsThem() throws {
        let fixture = try SysfsFixture(["x710", "cx5"])
        let seam = LinuxVFMirror(root: fixture.root.path)
        #expect(seam.supportsMirroring(pf: "ens1f0"))
        #expect(!seam.supportsMirroring(pf: "ens2f0np0"), "mlx5 has no mirror files")

        let source = VFEndpoint(address: "0000:81:02.1", pf: "ens1f0", index: 1)
        let probe = VFEndpoint(address: "0000:81:02.3", pf: "ens1f0", index: 3)
        let writes = try VFMirrorPlan.writes(source: source, probe: probe, direction: .both,
                                             vlanFilter: VLANRanges(parsing: "10,20-22"),
                                             pfSupportsMirroring: seam.supportsMirroring(pf: "ens1f0"))
        for write in writes { try seam.add(write.setting, pf: "ens1f0", vf: write.vf) }
        try seam.remove(.ingress(probe: 3), pf: "ens1f0", vf: 1)

        let directory = fixture.root.path + "/sys/class/net/ens1f0/device/sriov"
        #expect(try String(contentsOfFile: directory + "/1/egress_mirror", encoding: .utf8) == "add 3\n")
        #expect(try String(contentsOfFile: directory + "/1/ingress_mirror", encoding: .utf8) == "add 3\nrem 3\n")
        #expect(try String(contentsOfFile: directory + "/3/vlan_mirror", encoding: .utf8) == "add 10,20-22\n")
        let sourceState = try #require(FakeNIC.mirrorState(root: fixture.root.path, pf: "ens1f0", vf: 1))
        #expect(sourceState.egressProbes == [3] && sourceState.ingressProbes.isEmpty)
        #expect(FakeNIC.mirrorState(root: fixture.root.path, pf: "ens1f0", vf: 3)?.vlans == [10, 20, 21, 22])
        #expect(FakeNIC.mirrorState(root: fixture.root.path, pf: "ens2f0np0", vf: 0) == nil)
    }

    @Test func aPFWithoutTheFiles_Fails() throws {
        let fixture = try SysfsFixture(["cx5"])
        let seam = LinuxVFMirror(root: fixture.root.path)
        #expect(throws: PatchbayError.self) { try seam.add(.egress(probe: 1), pf: "ens2f0np0", vf: 0) }
        let source = VFEndpoint(address: "0000:3b:00.2", pf: "ens2f0np0", index: 0)
        let probe = VFEndpoint(address: "0000:3b:00.3", pf: "ens2f0np0", index: 1)
        #expect(throws: PatchbayError.self) {
            try VFMirrorPlan.writes(source: source, probe: probe, direction: .out, vlanFilter: nil,
                                    pfSupportsMirroring: seam.supportsMirroring(pf: "ens2f0np0"))
        }
    }
}
