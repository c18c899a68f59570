import PatchbayCore
import PatchbayTesting
import Testing

@Suite("VF reconcile over the stateful fake NIC")
struct FakeNICReconcileTests {
    static func ports(_ both: Bool = true) -> [VFDesiredState] {
        let first = VFDesiredState(pf: "ens1f0", vf: 0, portID: "port-a", mac: "fa:16:3e:00:00:0a", vlan: 100)
        let second = VFDesiredState(pf: "ens1f0", vf: 2, portID: "port-b", mac: "fa:16:3e:00:00:0b", vlan: 200,
                                    portSecurityEnabled: false, trusted: true, maxTxRate: 500)
        return both ? [first, second] : [first]
    }

    @Test func bindCrashAndUnbindRestoresTheOriginals() throws {
        let nic = FakeNIC(["ens1f0": 4, "ens1f1": 2])
        // An operator set VF 2 before the agent ever ran: that is the original to come back to.
        try nic.set(pf: "ens1f0", vf: 2, [.mac("52:54:00:12:34:56"), .vlan(42, qos: 0)])
        let journal = InMemoryVFStateJournal()
        let agent = VFActionExecutor(netlink: nic, journal: journal)
        try agent.reconcile(Self.ports())

        let shown = try nic.ipLinkShow(pf: "ens1f0")
        #expect(shown.contains("    vf 0     link/ether fa:16:3e:00:00:0a brd ff:ff:ff:ff:ff:ff, vlan 100, spoof checking on, link-state enable, trust off\n"))
        #expect(shown.contains("    vf 2     link/ether fa:16:3e:00:00:0b brd ff:ff:ff:ff:ff:ff, vlan 200, max_tx_rate 500Mbps, spoof checking off, link-state enable, trust on\n"))
        #expect(shown.contains("    vf 1     link/ether 00:00:00:00:00:00 brd ff:ff:ff:ff:ff:ff, spoof checking on, link-state auto, trust off\n"))
        #expect(try journal.originals().count == 2)

        // "Crash": a new executor over the same journal store; a repeat reconcile changes nothing.
        let restarted = VFActionExecutor(netlink: nic, journal: journal)
        #expect(try restarted.reconcile(Self.ports()) == [])

        // Port b is unbound: VF 2 gets back the operator's MAC and VLAN, and its original is forgotten.
        let actions = try restarted.reconcile(Self.ports(false))
        #expect(actions.map(\.id) == [VFID(pf: "ens1f0", vf: 2), VFID(pf: "ens1f0", vf: 2)])
        #expect(try nic.vfSettings(pf: "ens1f0")[2] == VFSettings(mac: "52:54:00:12:34:56", vlan: 42))
        #expect(try journal.originals().keys.sorted() == [VFID(pf: "ens1f0", vf: 0)])

        try restarted.reconcile([])
        #expect(try nic.vfSettings(pf: "ens1f0")[0] == .defaults)
        #expect(try journal.originals().isEmpty)
    }

    @Test func unknownPF_Fails() {
        let nic = FakeNIC(["ens1f0": 2])
        #expect(throws: PatchbayError.netlinkDeviceNotFound("ens9")) { try nic.vfSettings(pf: "ens9") }
        #expect(throws: PatchbayError.netlinkDeviceNotFound("ens9")) { try nic.set(pf: "ens9", vf: 0, [.trust(true)]) }
    }

    @Test func unknownVF_Fails() {
        let nic = FakeNIC(["ens1f0": 2])
        #expect { try nic.set(pf: "ens1f0", vf: 2, [.trust(true)]) } throws: { error in
            (error as? PatchbayError)?.message == "RTNETLINK answers: Invalid argument"
        }
    }

    @Test func invalidSettings_Fails() throws {
        let nic = FakeNIC(["ens1f0": 1])
        for bad: VFSettingChange in [.mac("01:00:5e:00:00:01"), .mac("nonsense"), .vlan(4096, qos: 0), .vlan(1, qos: 8),
                                     .txRate(min: 100, max: 10)] {
            #expect(throws: PatchbayError.self) { try nic.set(pf: "ens1f0", vf: 0, [bad]) }
        }
        #expect(try nic.vfSettings(pf: "ens1f0")[0] == .defaults)
    }

    @Test func reconcileAgainstAnUnknownVF_Fails() {
        let nic = FakeNIC(["ens1f0": 1])
        let executor = VFActionExecutor(netlink: nic, journal: InMemoryVFStateJournal())
        #expect(throws: PatchbayError.self) {
            try executor.perform([.set(pf: "ens1f0", vf: 7, changes: [.mac("fa:16:3e:00:00:01")])])
        }
    }
}
