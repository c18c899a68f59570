/// A Patchbay filter found on a device: where it sits and its rule's key.
public struct InstalledTCRule: Hashable, Sendable {
    /// The device.
    public var device: String
    /// The hook.
    public var hook: TCHook
    /// Its preference, within `TCRule.ownedPrefs`.
    public var pref: Int
    /// The key of the rule it implements (`TCRule.key`).
    public var key: String

    /// Creates a description of an installed filter.
    public init(device: String, hook: TCHook, pref: Int, key: String) {
        self.device = device
        self.hook = hook
        self.pref = pref
        self.key = key
    }
}

/// A wanted rule and the preference it is to be installed at.
public struct PlacedTCRule: Hashable, Sendable {
    /// The rule.
    public var rule: TCRule
    /// Its preference.
    public var pref: Int

    /// Places `rule` at `pref`.
    public init(_ rule: TCRule, pref: Int) {
        self.rule = rule
        self.pref = pref
    }
}

/// What to change on one device, applied as one batch: removals, then additions.
public struct TCDeviceChange: Hashable, Sendable {
    /// The device.
    public var device: String
    /// Filters to delete.
    public var removals: [InstalledTCRule]
    /// Filters to add (the clsact qdisc is created first when missing).
    public var additions: [PlacedTCRule]

    /// Creates a change.
    public init(device: String, removals: [InstalledTCRule] = [], additions: [PlacedTCRule] = []) {
        self.device = device
        self.removals = removals
        self.additions = additions
    }
}
