/// The pure diff of wanted Patchbay filters against those present: one change per device that
/// differs, nothing for a device already right (so running it twice does nothing the second time).
public enum TCRuleDiff {
    /// The changes that turn `present` into `wanted` on the devices either mentions.
    ///
    /// A present filter whose key is wanted on its device and hook stays where it is; others are
    /// removed; wanted rules not present are placed at the lowest free preference of their band.
    /// A wanted rule that no longer fits its band is left out rather than placed on another's pref.
    public static func changes(wanted: [TCRule], present: [InstalledTCRule]) -> [TCDeviceChange] {
        let devices = Set(wanted.map(\.device)).union(present.map(\.device)).sorted()
        return devices.compactMap { device in
            change(on: device, wanted: wanted.filter { $0.device == device },
                   present: present.filter { $0.device == device })
        }
    }

    private static func change(on device: String, wanted: [TCRule], present: [InstalledTCRule]) -> TCDeviceChange? {
        var result = TCDeviceChange(device: device)
        for hook in [TCHook.ingress, .egress] {
            let wantedHere = unique(wanted.filter { $0.hook == hook })
            let presentHere = present.filter { $0.hook == hook }.sorted { $0.pref < $1.pref }
            let wantedKeys = Set(wantedHere.map(\.key))
            var kept: Set<String> = []
            var used: Set<Int> = []
            for filter in presentHere {
                if wantedKeys.contains(filter.key), kept.insert(filter.key).inserted {
                    used.insert(filter.pref)
                } else {
                    result.removals.append(filter)
                }
            }
            for rule in wantedHere where !kept.contains(rule.key) {
                guard let pref = rule.prefs.first(where: { !used.contains($0) }) else { continue }
                used.insert(pref)
                result.additions.append(PlacedTCRule(rule, pref: pref))
            }
        }
        return result.removals.isEmpty && result.additions.isEmpty ? nil : result
    }

    /// `rules` without repeats, in their order.
    private static func unique(_ rules: [TCRule]) -> [TCRule] {
        var seen: Set<String> = []
        return rules.filter { seen.insert($0.key).inserted }
    }
}
