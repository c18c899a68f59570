import Foundation
import PatchbayCore

extension FakeNIC {
    /// The mirror state of VF `vf` of `pf` in a fixture sysfs tree under `root`, folded from the
    /// `add`/`rem` lines written to its `ingress_mirror`, `egress_mirror` and `vlan_mirror`
    /// files; nil when the PF has no such files (only the i40e layout has them).
    public static func mirrorState(root: String, pf: String, vf: Int) -> VFMirrorState? {
        let directory = "\(root)/sys/class/net/\(pf)/device/sriov/\(vf)"
        guard FileManager.default.fileExists(atPath: directory + "/egress_mirror") else { return nil }
        var state = VFMirrorState()
        for file in ["ingress_mirror", "egress_mirror", "vlan_mirror"] {
            let text = (try? String(contentsOfFile: directory + "/" + file, encoding: .utf8)) ?? ""
            state.apply(file: file, lines: text)
        }
        return state
    }
}
