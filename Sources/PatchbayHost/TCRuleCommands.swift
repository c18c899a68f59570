import PatchbayCore

/// The `tc -batch` lines of Patchbay's mirror filters, and the reading of `tc -j filter show`.
public enum TCRuleCommands {
    /// The batch for `change`: deletions, then (with additions) `qdisc replace … clsact` and one
    /// `filter add` per addition; `programPath` gives the pinned program of a rule's match.
    public static func batch(_ change: TCDeviceChange,
                             programPath: (MirrorProgram) throws(PatchbayError) -> String) throws(PatchbayError) -> [[String]] {
        var lines = change.removals.map {
            ["filter", "del", "dev", change.device, $0.hook.rawValue, "pref", "\($0.pref)"]
        }
        guard !change.additions.isEmpty else { return lines }
        lines.append(["qdisc", "replace", "dev", change.device, "clsact"])
        for placed in change.additions {
            let rule = placed.rule
            var line = ["filter", "add", "dev", rule.device, rule.hook.rawValue, "pref", "\(placed.pref)", "protocol", "all"]
            switch rule.action {
            case .drop:
                line += ["bpf", "da", "object-pinned", try programPath(.shot)]
            case .mirror(let target, let hook), .redirect(let target, let hook):
                line += ["bpf", "object-pinned", try programPath(MirrorProgram.matching(rule.match))]
                let mirror: Bool = if case .mirror = rule.action { true } else { false }
                // A mirror continues classification so later filters (other copies, a bump) still run.
                line += ["action", "mirred", hook.rawValue, mirror ? "mirror" : "redirect", "dev", target]
                line += (mirror ? ["continue"] : []) + ["cookie", rule.key]
            }
            lines.append(line)
        }
        return lines
    }

    /// Patchbay's filters in `tc -j filter show dev $device $hook` output: preference in
    /// `TCRule.ownedPrefs`, keyed by the first action's cookie or the program's name.
    public static func parse(_ json: String, device: String, hook: TCHook) throws(PatchbayError) -> [InstalledTCRule] {
        if json.allSatisfy(\.isWhitespace) { return [] }
        let value: JSONValue
        do { value = try JSONParser.parse(json) } catch { throw .commandFailed("tc -j filter show", "unparseable output") }
        var found: [Int: String] = [:]
        for entry in value.arrayValue ?? [] {
            guard let pref = entry["pref"]?.intValue, TCRule.ownedPrefs.contains(pref),
                  let options = entry["options"] else { continue }
            let cookie = options["actions"]?.arrayValue?.first?["cookie"]?.stringValue
            let name = options["prog"]?["name"]?.stringValue
            found[pref] = cookie ?? name ?? found[pref] ?? ""
        }
        return found.keys.sorted().map { InstalledTCRule(device: device, hook: hook, pref: $0, key: found[$0]!) }
    }
}
