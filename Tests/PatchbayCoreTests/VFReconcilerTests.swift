import PatchbayCore
import Testing

@Suite("VFReconciler: desired, actual and saved VF state in, actions out")
struct VFReconcilerTests {
    static let pristine = VFSettings.defaults
    static let bound = VFSettings(mac: "fa:16:3e:00:00:01", vlan: 100, spoofChecking: true, linkState: .enable)
    static func port(_ vf: Int = 0, pf: String = "ens1f0", mac: String = "fa:16:3e:00:00:01", vlan: Int = 100,
                     up: Bool = true) -> VFDesiredState {
        VFDesiredState(pf: pf, vf: vf, portID: "port-\(pf)-\(vf)", mac: mac, vlan: vlan, adminStateUp: up)
    }
    static let vf0 = VFID(pf: "ens1f0", vf: 0)

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var desired: [VFDesiredState]
        var actual: [VFID: VFSettings]
        var originals: [VFID: VFSettings]
        var expected: [VFAction]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "first bind saves then sets", desired: [port()], actual: [vf0: pristine], originals: [:],
             expected: [.saveOriginal(pf: "ens1f0", vf: 0, settings: pristine),
                        .set(pf: "ens1f0", vf: 0, changes: [.mac("fa:16:3e:00:00:01"), .vlan(100, qos: 0), .linkState(.enable)])]),
        Case(name: "no change returns no actions", desired: [port()], actual: [vf0: bound], originals: [vf0: pristine],
             expected: []),
        Case(name: "partial change sets only the changed fields", desired: [port(vlan: 200, up: false)],
             actual: [vf0: bound], originals: [vf0: pristine],
             expected: [.set(pf: "ens1f0", vf: 0, changes: [.vlan(200, qos: 0), .linkState(.disable)])]),
        Case(name: "unbind restores then forgets", desired: [], actual: [vf0: bound], originals: [vf0: pristine],
             expected: [.restore(pf: "ens1f0", vf: 0, original: pristine), .forgetOriginal(pf: "ens1f0", vf: 0)]),
        Case(name: "unbind of an already restored VF only forgets", desired: [], actual: [vf0: pristine],
             originals: [vf0: pristine], expected: [.forgetOriginal(pf: "ens1f0", vf: 0)]),
        Case(name: "an already saved original is not overwritten", desired: [port(mac: "fa:16:3e:00:00:09")],
             actual: [vf0: bound], originals: [vf0: pristine],
             expected: [.set(pf: "ens1f0", vf: 0, changes: [.mac("fa:16:3e:00:00:09")])]),
        Case(name: "a vanished VF is left alone and keeps its original", desired: [port()], actual: [:],
             originals: [vf0: pristine], expected: []),
        Case(name: "a VF with no desired state and no original is untouched", desired: [],
             actual: [vf0: bound], originals: [:], expected: []),
    ]

    @Test(arguments: cases)
    func reconciles(_ example: Case) {
        #expect(VFReconciler.actions(desired: example.desired, actual: example.actual,
                                     originals: example.originals) == example.expected)
    }

    @Test func manyVFsComeOutOrderedByPFThenVF() {
        let desired = [Self.port(10, pf: "ens2f0"), Self.port(2), Self.port(10), Self.port(1, pf: "ens2f0")]
        var actual: [VFID: VFSettings] = [:]
        for state in desired { actual[state.id] = Self.pristine }
        actual[VFID(pf: "ens1f1", vf: 5)] = Self.bound
        let actions = VFReconciler.actions(desired: desired.shuffled(), actual: actual,
                                           originals: [VFID(pf: "ens1f1", vf: 5): Self.pristine])
        #expect(actions.map(\.id).map(\.description) == [
            "ens1f0 vf 2", "ens1f0 vf 2", "ens1f0 vf 10", "ens1f0 vf 10", "ens1f1 vf 5", "ens1f1 vf 5",
            "ens2f0 vf 1", "ens2f0 vf 1", "ens2f0 vf 10", "ens2f0 vf 10",
        ])
    }

    @Test func desiredStateFollowsThePort() {
        let state = VFDesiredState(pf: "p", vf: 1, portID: "x", mac: "FA:16:3E:AA:BB:CC", vlan: 7,
                                   portSecurityEnabled: false, trusted: true, adminStateUp: true,
                                   propagateUplinkStatus: true, minTxRate: 10, maxTxRate: 100)
        #expect(state.settings == VFSettings(mac: "fa:16:3e:aa:bb:cc", vlan: 7, spoofChecking: false, trust: true,
                                             linkState: .auto, minTxRate: 10, maxTxRate: 100))
    }
}
