/// One tc filter Patchbay owns on a device's clsact hook: what it matches and what it does.
///
/// Patchbay owns the filter preferences `TCRule.ownedPrefs` on every device it mirrors on, and
/// only those; libvirt never creates such filters, and rules of other owners are never touched.
/// Each filter carries its rule's `key` (a tc action cookie, or for a drop its program's name),
/// so a listing tells which wanted rule a filter is without parsing its semantics.
public struct TCRule: Hashable, Sendable, CustomStringConvertible {
    /// Which frames the filter takes.
    public enum Match: Hashable, Sendable {
        /// Every frame.
        case all
        /// Frames whose 802.1Q tag (as the hook sees it) is in the ranges; untagged frames never.
        case vlans(VLANRanges)
        /// Frames not re-injected by a bump: a frame carrying `TCRule.bumpMark` has the mark
        /// cleared and is let through instead.
        case unmarked
        /// Every frame, after setting `TCRule.bumpMark` on it (frames leaving a bump).
        case marking
    }

    /// What the filter does with a frame it takes.
    public enum Action: Hashable, Sendable {
        /// A copy is handed to `device` at `hook` (`mirred <hook> mirror dev …`); the original goes on.
        case mirror(to: String, at: TCHook)
        /// The frame itself goes to `device` at `hook` (`mirred <hook> redirect dev …`).
        case redirect(to: String, at: TCHook)
        /// The frame is dropped.
        case drop
    }

    /// The device whose hook holds the filter.
    public var device: String
    /// The hook.
    public var hook: TCHook
    /// What it matches.
    public var match: Match
    /// What it does.
    public var action: Action

    /// Creates a rule.
    public init(device: String, hook: TCHook, match: Match, action: Action) {
        self.device = device
        self.hook = hook
        self.match = match
        self.action = action
    }

    /// The preferences Patchbay owns: mirrors in the lower half run before redirects and drops.
    public static let ownedPrefs = 0xC000...0xCFFF
    /// Where mirrors are placed.
    public static let mirrorPrefs = 0xC000...0xC7FF
    /// Where redirects and drops are placed.
    public static let redirectPrefs = 0xC800...0xCFFF
    /// The skb mark a bump's return frames carry until the source device lets them through.
    public static let bumpMark: Int32 = 0x7062_0001
    /// The key of every drop filter (its program's kernel name).
    public static let dropKey = "pb_shot"

    /// The preferences this rule may take on its hook.
    public var prefs: ClosedRange<Int> {
        if case .mirror = action { return Self.mirrorPrefs }
        return Self.redirectPrefs
    }

    /// The identity a listing shows: `7062` and 16 hex digits of the rule's hash, as a tc
    /// action cookie; `pb_shot` for a drop.
    public var key: String {
        if case .drop = action { return Self.dropKey }
        return "7062" + FNV1a.hex(FNV1a.hash64(description))
    }

    /// e.g. `tapA ingress all mirror egress tapM`.
    public var description: String {
        let match: String = switch self.match {
        case .all: "all"
        case .vlans(let ranges): "vlans \(ranges)"
        case .unmarked: "unmarked"
        case .marking: "marking"
        }
        let action: String = switch self.action {
        case .mirror(let target, let hook): "mirror \(hook.rawValue) \(target)"
        case .redirect(let target, let hook): "redirect \(hook.rawValue) \(target)"
        case .drop: "drop"
        }
        return "\(device) \(hook.rawValue) \(match) \(action)"
    }
}
