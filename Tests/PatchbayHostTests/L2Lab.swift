import NetnsTesting
import PatchbayCore
import PatchbayHost

/// A small data centre in namespaces: a "switch" namespace with a plain bridge, hosts with an
/// uplink into it, and guests whose `eth0` is the peer of a tap in their host (the lab plays the
/// hypervisor). `tearDown()` deletes all of it, including the bpffs the hosts pin programs in.
final class L2Lab {
    /// The switch namespace; its bridge `sw0` joins every uplink.
    let fabric: NetworkNamespace
    /// The bpffs directory every host's seam pins programs in (visible to `tc -n`).
    let pins = TemporaryMountPoint()
    private var members: [NetworkNamespace] = []

    /// Each host's uplink into the switch.
    static let uplink = "uplink0"
    /// The physnet bridge the agent builds for `physnet1`.
    static let physnetBridge = LinuxBridgeDriver.bridgeName(physicalNetwork: "physnet1")

    init() throws {
        fabric = try NetworkNamespace.create(prefix: "pbsw")
        do { try fabric.addBridge("sw0") } catch {
            fabric.delete()
            throw error
        }
    }

    /// Deletes every namespace and the pin directory.
    func tearDown() {
        for namespace in members.reversed() { namespace.delete() }
        fabric.delete()
        pins.remove()
    }

    /// A namespace whose `eth0` is a port of the switch: a host's uplink (`uplink0`) or a trunk
    /// peer on the wire (`eth0`), with `address` on it when given.
    func addSwitchPort(prefix: String, link: String, address: String? = nil) throws -> NetworkNamespace {
        let namespace = try NetworkNamespace.create(prefix: prefix)
        members.append(namespace)
        let port = "s-" + namespace.name
        try namespace.addVeth(link, peer: port, in: fabric)
        try fabric.enslave(port, to: "sw0")
        if let address { try namespace.addAddress(address, to: link) }
        return namespace
    }

    /// A host with its uplink in the switch and, for VXLAN, `underlayAddress` on the uplink.
    func addHost(underlayAddress: String? = nil) throws -> NetworkNamespace {
        try addSwitchPort(prefix: "pbh", link: Self.uplink, address: underlayAddress)
    }

    /// Plays the hypervisor for a port: a guest namespace with `address` on `eth0`, whose veth
    /// peer in `host` is the port's tap, left down and unplugged for the agent.
    func addGuest(on host: NetworkNamespace, portID: String, address: String) throws -> NetworkNamespace {
        let guest = try NetworkNamespace.create(prefix: "pbg")
        members.append(guest)
        try host.ip("link", "add", L2PortIntent.tapName(portID: portID), "type", "veth",
                    "peer", "name", "eth0", "netns", guest.name)
        try guest.setUp("eth0")
        try guest.addAddress(address, to: "eth0")
        return guest
    }

    /// The seam of `host`, pinning programs in the lab's bpffs.
    func links(on host: NetworkNamespace) -> IPCommandLinks {
        IPCommandLinks(namespace: host.name, programDirectory: pins.path)
    }

    /// An executor over `links(on:)`.
    func executor(on host: NetworkNamespace) -> L2ActionExecutor<IPCommandLinks> {
        L2ActionExecutor(links: links(on: host))
    }

    /// A bridged intent on `physnet1` through the host's uplink.
    static func bridged(_ portID: String, vlan: Int?) -> L2PortIntent {
        L2PortIntent(portID: portID, kind: .bridged(bridge: physnetBridge, uplink: uplink, vlan: vlan))
    }

    /// A VXLAN intent over the host's uplink.
    static func vxlan(_ portID: String, vni: Int, local: String, peers: [String]) -> L2PortIntent {
        L2PortIntent(portID: portID, kind: .vxlan(bridge: LinuxBridgeDriver.bridgeName(vni: vni), vni: vni,
                                                  localIP: local, underlay: uplink, peers: peers))
    }
}
