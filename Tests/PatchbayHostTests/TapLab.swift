import NetnsTesting
import PatchbayCore
import PatchbayHost

/// Hosts and guests in namespaces for the mirror tests: a host has a bridge `br0`; a guest's
/// `eth0` is the peer of a veth in its host that plays the port's tap. `tearDown()` deletes all.
final class TapLab {
    /// The bpffs directory the hosts' seams pin programs in (visible to `tc -n`).
    let pins = TemporaryMountPoint()
    private var members: [NetworkNamespace] = []

    /// Deletes every namespace made here and the pin directory.
    func tearDown() {
        for namespace in members.reversed() { namespace.delete() }
        pins.remove()
    }

    /// A namespace that `tearDown` deletes.
    func namespace(prefix: String) throws -> NetworkNamespace {
        let namespace = try NetworkNamespace.create(prefix: prefix)
        members.append(namespace)
        return namespace
    }

    /// A host namespace with the bridge `br0`.
    func addHost() throws -> NetworkNamespace {
        let host = try namespace(prefix: "pbmh")
        try host.addBridge("br0")
        return host
    }

    /// A guest with `address` on `eth0`; its peer `tap` in `host` is up and, when `bridged`, on `br0`.
    func addGuest(on host: NetworkNamespace, tap: String, address: String, bridged: Bool = true) throws -> NetworkNamespace {
        let guest = try namespace(prefix: "pbmg")
        try host.ip("link", "add", tap, "type", "veth", "peer", "name", "eth0", "netns", guest.name)
        try guest.setUp("eth0")
        try guest.addAddress(address, to: "eth0")
        if bridged { try host.enslave(tap, to: "br0") }
        try host.setUp(tap)
        return guest
    }

    /// Two hosts joined by a veth underlay `ul0` (192.0.2.1 and .2) and a tap-service VXLAN
    /// device for `vni` on each, pointing at the other; returns the device's name.
    func joinByVXLAN(_ first: NetworkNamespace, _ second: NetworkNamespace, vni: Int) throws -> String {
        try first.addVeth("ul0", peer: "ul0", in: second)
        var name = ""
        for (host, local, remote) in [(first, "192.0.2.1", "192.0.2.2"), (second, "192.0.2.2", "192.0.2.1")] {
            try host.addAddress(local + "/24", to: "ul0")
            try host.setUp("ul0")
            let tunnel = TapTunnel(vni: vni, localIP: local, remoteIP: remote, underlay: "ul0")
            try Shell.run(Shell.ip, ["-n", host.name] + tunnel.ipLinkAddArguments)
            try host.setUp(tunnel.deviceName)
            name = tunnel.deviceName
        }
        return name
    }

    /// The mirroring seam of `host`.
    func mirroring(on host: NetworkNamespace) -> LinuxPortMirroring {
        LinuxPortMirroring(namespace: host.name, programDirectory: pins.path)
    }

    /// A capture on `eth0` of `guest`.
    static func capture(_ guest: NetworkNamespace) async throws -> LinkCapture {
        try await guest.perform { try LinkCapture(link: "eth0") }
    }
}
