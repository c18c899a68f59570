/// How the scheduler orders the hosts that passed every filter, set in config.
///
/// `pack` fills hosts up: fewest free matching PCI devices first, then least free RAM, which
/// keeps large, device-rich hosts free for requests that need them. `spread` is the opposite.
/// Equal hosts are ordered by name, so the ranking is deterministic.
public enum HostWeigher: String, Sendable, Hashable, Codable, CaseIterable {
    /// Prefer the fullest hosts.
    case pack
    /// Prefer the emptiest hosts.
    case spread

    /// Parses the config value (`pack` or `spread`).
    /// - Throws: `PatchbayError` `config.invalid_weigher` (`InvalidInput`, 400) for anything else.
    public init(parsing text: String) throws(PatchbayError) {
        guard let weigher = HostWeigher(rawValue: text) else {
            var error = PatchbayError.invalidInput("scheduler weigher '\(text)' is not one of pack, spread")
            error.code = "config.invalid_weigher"
            throw error
        }
        self = weigher
    }

    /// True when the host scored `lhs` ranks before the host scored `rhs`.
    public func prefers(_ lhs: HostScore, over rhs: HostScore, hosts: [HostCandidate]) -> Bool {
        if lhs.matchingFreeDevices != rhs.matchingFreeDevices {
            return (lhs.matchingFreeDevices < rhs.matchingFreeDevices) == (self == .pack)
        }
        if lhs.freeRAMMB != rhs.freeRAMMB {
            return (lhs.freeRAMMB < rhs.freeRAMMB) == (self == .pack)
        }
        return hosts[lhs.hostIndex].name < hosts[rhs.hostIndex].name
    }
}

/// What the weighers look at for one host that passed the filters.
public struct HostScore: Sendable, Hashable {
    /// Index of the host in the scheduler's input.
    public var hostIndex: Int
    /// Free devices matching the server's PCI requests (0 without PCI requests).
    public var matchingFreeDevices: Int
    /// Free RAM in MB.
    public var freeRAMMB: Int

    /// Creates a score.
    public init(hostIndex: Int, matchingFreeDevices: Int, freeRAMMB: Int) {
        self.hostIndex = hostIndex
        self.matchingFreeDevices = matchingFreeDevices
        self.freeRAMMB = freeRAMMB
    }
}
