import PatchbayCore
import Testing

@Suite("SR-IOV VF mirroring decisions")
struct VFMirrorPlanTests {
    static let source = VFEndpoint(address: "0000:3b:02.1", pf: "ens1f0", index: 1)
    static let probe = VFEndpoint(address: "0000:3b:02.3", pf: "ens1f0", index: 3)

    @Test(arguments: [
        (TapDirection.out, [VFMirrorPlan.Write(vf: 1, setting: .egress(probe: 3))]),
        (.in, [.init(vf: 1, setting: .ingress(probe: 3))]),
        (.both, [.init(vf: 1, setting: .egress(probe: 3)), .init(vf: 1, setting: .ingress(probe: 3))]),
    ])
    func directionsMapToTheSourceVFsFiles(direction: TapDirection, writes: [VFMirrorPlan.Write]) throws {
        #expect(try VFMirrorPlan.writes(source: Self.source, probe: Self.probe, direction: direction,
                                        vlanFilter: nil, pfSupportsMirroring: true) == writes)
    }

    @Test func aVLANFilterGoesOnTheProbeVF() throws {
        let writes = try VFMirrorPlan.writes(source: Self.source, probe: Self.probe, direction: .both,
                                             vlanFilter: VLANRanges(parsing: "10,20-30"), pfSupportsMirroring: true)
        #expect(writes.last == .init(vf: 3, setting: .vlans(VLANRanges(parsing: "10,20-30")!)))
        #expect(writes.last?.setting.argument == "10,20-30" && writes.last?.setting.fileName == "vlan_mirror")
    }

    @Test func probeOnAnotherPF_Fails() {
        let other = VFEndpoint(address: "0000:3b:0a.0", pf: "ens1f1", index: 0)
        let error = #expect(throws: PatchbayError.self) {
            try VFMirrorPlan.writes(source: Self.source, probe: other, direction: .both, vlanFilter: nil, pfSupportsMirroring: true)
        }
        #expect(error?.code == "tap.vf_mirror_unsupported")
        #expect(error?.message == "source VF 0000:3b:02.1 is on PF ens1f0 and the probe VF 0000:3b:0a.0 on ens1f1; "
            + "the NIC mirrors only within one PF")
    }

    @Test func aPFWithoutMirrorFiles_Fails() {
        let error = #expect(throws: PatchbayError.self) {
            try VFMirrorPlan.writes(source: Self.source, probe: Self.probe, direction: .in, vlanFilter: nil, pfSupportsMirroring: false)
        }
        #expect(error?.message.contains("ens1f0 has no sriov/<vf>/egress_mirror") == true)
    }

    @Test func writtenLinesFoldIntoTheVFsState() {
        var state = VFMirrorState()
        state.apply(file: "egress_mirror", lines: "add 3\nadd 2\nrem 3\n")
        state.apply(file: "vlan_mirror", lines: "add 10,20-22\nrem 21\nbogus\n")
        #expect(state.egressProbes == [2] && state.ingressProbes.isEmpty)
        #expect(state.vlans == [10, 20, 22])
    }
}
