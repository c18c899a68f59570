import PatchbayCore

/// The Linux `HostLinks`: runs iproute2's `ip`, `bridge` and `tc`, in a named network namespace
/// when one is given (`ip -n NS …`; production passes none), and pins the access-port programs.
public struct IPCommandLinks: HostLinks {
    /// The network namespace the tools run in; nil for the agent's own.
    public let namespace: String?
    /// The pinned access-port programs.
    public let programs: VLANAccessPrograms
    private let ip: CommandRunner, bridge: CommandRunner, tc: CommandRunner

    /// Creates a seam; `programDirectory` must be visible to `tc` (see `VLANAccessPrograms`).
    public init(namespace: String? = nil, programDirectory: String = "/sys/fs/bpf/patchbay",
                ip: String = "/usr/sbin/ip", bridge: String = "/usr/sbin/bridge", tc: String = "/usr/sbin/tc") {
        self.namespace = namespace
        self.programs = VLANAccessPrograms(directory: programDirectory)
        let leading = namespace.map { ["-n", $0] } ?? []
        self.ip = CommandRunner(executable: ip, leadingArguments: leading)
        self.bridge = CommandRunner(executable: bridge, leadingArguments: leading)
        self.tc = CommandRunner(executable: tc, leadingArguments: leading)
    }

    /// Equivalent to: `ip -j -d link show`, `bridge -j fdb show`, and `tc -j filter show dev
    /// $tap ingress|egress` for each link named `tap…` (the only devices given access VLANs).
    /// A tap that vanishes while it is read is left out.
    public func snapshot() throws(PatchbayError) -> HostLinkState {
        var links = try Self.parseLinks(ip.run(["-j", "-d", "link", "show"]))
        let peers = try Self.parseFloodPeers(bridge.run(["-j", "fdb", "show"]))
        var vlans: [String: AccessVLAN] = [:]
        for link in links where link.name.hasPrefix("tap") {
            do {
                let (ingress, egress) = try filters(of: link.name)
                vlans[link.name] = TCFilter.accessVLAN(ingress: ingress, egress: egress)
            } catch where error.code == PatchbayError.netlinkDeviceNotFound(link.name).code {
                links.removeAll { $0.name == link.name }
            }
        }
        let kinds = Dictionary(links.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        return HostLinkState(links: links, accessVLANs: vlans,
                             floodPeers: peers.filter { kinds[$0.key] == "vxlan" })
    }

    /// Runs the command of `action` (see `L2Action`); `setAccessVLAN` first pins the programs it
    /// needs and reads the filters present.
    public func perform(_ action: L2Action) throws(PatchbayError) {
        guard case .setAccessVLAN(let device, let vlan) = action else {
            if let command = Self.command(for: action) { try run(command) }
            return
        }
        if vlan == .unrecognized { throw .commandFailed("\(action)", "unrecognized is not a settable access VLAN") }
        var paths: (ingress: String, egress: String)?
        if let programs = VLANAccessProgram.programs(for: vlan) {
            paths = (try self.programs.ensurePinned(programs.ingress), try self.programs.ensurePinned(programs.egress))
        }
        let (ingress, egress) = try filters(of: device)
        for command in Self.accessVLANCommands(device: device, paths: paths, ingress: ingress, egress: egress) {
            try run(command)
        }
    }

    /// Equivalent to: `tc -j filter show dev $device ingress` and `… egress`.
    private func filters(of device: String) throws(PatchbayError) -> (ingress: [TCFilter], egress: [TCFilter]) {
        (try Self.parseFilters(tc.run(["-j", "filter", "show", "dev", device, "ingress"])),
         try Self.parseFilters(tc.run(["-j", "filter", "show", "dev", device, "egress"])))
    }

    private func run(_ command: HostCommand) throws(PatchbayError) {
        switch command.tool {
        case .ip: try ip.run(command.arguments)
        case .bridge: try bridge.run(command.arguments)
        case .tc: try tc.run(command.arguments)
        }
    }
}
