import Foundation
import NetnsTesting
import PatchbayCore
import PatchbayHost
import Testing

/// Real KVM guests under `qemu:///system` on the devices the agent made: one owner per device
/// (libvirt only opens it), and a tap that is filtered before its guest can see a frame.
@Suite("Real KVM guests open the agent's taps and macvtaps", .serialized,
       .enabled(if: QEMUHost.isAvailable && NetworkNamespace.isAvailable,
                "needs root, /dev/kvm and libvirtd on qemu:///system: the real-guest tests are skipped"))
struct KVMGuestNICTests {
    static let mac = "fa:16:3e:5b:00:01"

    /// `bridge`: the ML2 macvtap shape; `passthrough`: the SR-IOV macvtap shape on a VF's netdev
    /// (a veth stands in for the VF), the mode the kernel allows only once per lower device.
    @Test(arguments: ["bridge", "passthrough"])
    func aMacvtapPortGetsExactlyOneMacvtapWithItsMACAndTheGuestHoldsIt(mode: String) throws {
        let lab = try KVMLab()
        defer { lab.tearDown() }
        let lower = try lab.addUplink("pbm", peer: "wire0")
        let portID = UUID().uuidString.lowercased()
        let nic = mode == "passthrough"
            ? GuestInterface(portId: portID, macAddress: Self.mac, vifType: "hw_veb", vnicType: .macvtap, vfNetdev: lower)
            : GuestInterface(portId: portID, macAddress: Self.mac, vifType: "macvtap",
                             vifDetails: ["macvtap_source": .string(lower), "macvtap_mode": "bridge"])
        let device = try #require(nic.agentDevice)
        lab.own(device.name)
        let intent = L2PortIntent(portID: portID, kind: .macvtap(source: lower, mode: mode, mac: Self.mac))
        #expect(try lab.wire([intent]).readyPorts == [portID])

        let name = try lab.boot([nic])
        let onLower = try lab.macvtaps(on: lower)
        #expect(onLower.map(\.name) == [device.name], "exactly the agent's macvtap: libvirt made none of its own")
        #expect(onLower.first?.mac == Self.mac)
        let pid = try #require(QEMUHost.pid(ofDomain: name), "the guest runs")
        let index = try #require(QEMUHost.ifindex(of: device.name))
        #expect(QEMUHost.openNetworkDevices(pid: pid).macvtapIndexes == [index], "QEMU holds /dev/tap\(index)")
        #expect(try lab.plan([intent]).actions == [], "a running guest's macvtap needs nothing more")
    }

    @Test func aVLANPortsTapIsFilteredBeforeItsGuestStartsAndNoOtherTenantsFrameReachesIt() async throws {
        let lab = try KVMLab()
        defer { lab.tearDown() }
        let uplink = try lab.addUplink("pbu", peer: "trunk0")
        let bridge = "pbr-k" + lab.suffix
        let portID = UUID().uuidString.lowercased(), tap = PortDevice.tapName(portID: portID)
        lab.own(bridge)
        lab.own(tap)
        let intent = L2PortIntent(portID: portID, kind: .bridged(bridge: bridge, uplink: uplink, vlan: 101))
        let nic = GuestInterface(portId: portID, macAddress: Self.mac, vifType: "bridge",
                                 vifDetails: ["bridge_name": .string(bridge)])
        #expect(nic.agentDevice == .tap(tap))

        // Broadcasts of this port's segment (VLAN 101) and of another tenant's (VLAN 102) flood
        // the trunk from before the tap exists until the guest has run for a while.
        let own = Self.token(), foreign = Self.token()
        let ownFrame = try EthernetFrame.udp(source: "02:00:00:00:01:01", vlan: 101, sourceIP: "10.9.0.1",
                                             destinationIP: "10.9.0.255", port: 47_001, payload: own)
        let foreignFrame = try EthernetFrame.udp(source: "02:00:00:00:01:02", vlan: 102, sourceIP: "10.9.0.2",
                                                 destinationIP: "10.9.0.255", port: 47_001, payload: foreign)
        let sender = try await FrameSender(namespace: lab.trunk, link: "trunk0")
        let flood = FrameFlood(sender: sender, frames: [foreignFrame, ownFrame])
        defer { flood.stop() }

        // The agent's L2 pass, with a capture on the tap from the moment it exists.
        var capture: LinkCapture?
        try lab.wire([intent]) { action in
            if action == .createTap(tap) { capture = try LinkCapture(link: tap) }
        }
        let onTap = try #require(capture, "the agent created the tap")
        let before = try lab.snapshot()
        #expect(before.links[tap]?.kind == "tun" && before.links[tap]?.master == bridge)
        #expect(before.accessVLAN(of: tap) == .vlan(101), "the programs are on before the guest is defined")

        let name = try lab.boot([nic])
        var frames: [[UInt8]] = []
        let until = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < until { frames += onTap.drain(milliseconds: 50) }
        flood.stop()

        #expect(LinkCapture.contains(frames, own), "the guest's own segment reaches its tap (so the capture works)")
        #expect(!LinkCapture.contains(frames, foreign), "no frame of VLAN 102 ever reached the tap")
        #expect(frames.allSatisfy { $0.count < 16 || !($0[12] == 0x81 && $0[13] == 0x00) }, "the guest sees its frames untagged")
        let pid = try #require(QEMUHost.pid(ofDomain: name))
        #expect(QEMUHost.openNetworkDevices(pid: pid).taps == [tap], "QEMU opened the agent's tap")
        #expect(try lab.snapshot().links[tap]?.hasCarrier == true)

        // Removing the port removes its tap, but only once the guest is gone.
        #expect(!(try lab.plan([]).actions.contains(.deleteLink(tap))), "a tap its guest holds stays")
        lab.stopGuests()
        #expect(try lab.plan([]).actions.contains(.deleteLink(tap)))
    }

    static func token() -> [UInt8] { Array("pbkvm-".utf8) + (0..<16).map { _ in UInt8.random(in: 0...255) } }
}

/// A suite that needs KVM must not skip silently where it is meant to run.
@Suite struct KVMGuestAvailabilityTests {
    @Test func realGuestTestsRunUnderCI() {
        guard ProcessInfo.processInfo.environment["CI"] == "true" else { return }
        #expect(QEMUHost.unavailableReason == nil,
                "CI must run the real KVM guest tests, but: \(QEMUHost.unavailableReason ?? "-")")
    }
}
