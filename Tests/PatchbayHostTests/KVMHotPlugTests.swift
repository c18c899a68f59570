import Foundation
import NetnsTesting
import PatchbayCore
import PatchbayHost
import Testing

/// Hot plug on a real KVM guest under `qemu:///system`: the agent's tap is opened by QEMU the
/// moment it is attached, and a device is held until the guest lets it go.
@Suite("Real KVM guests take hot plugged taps and hold unplugged ones until they let go", .serialized,
       .requires(QEMUHost.isAvailable && NetworkNamespace.isAvailable, "root, /dev/kvm and libvirtd on qemu:///system"))
struct KVMHotPlugTests {
    @Test func aTapAttachedToARunningGuestIsOpenedByQEMUAndAnUnplugKeepsItUntilTheGuestIsOff() async throws {
        let lab = try KVMLab()
        defer { lab.tearDown() }
        let uplink = try lab.addUplink("pbh", peer: "trunk0")
        let bridge = "pbr-h" + lab.suffix
        lab.own(bridge)
        let nics = try (1...2).map { index -> GuestInterface in
            let portID = UUID().uuidString.lowercased()
            lab.own(PortDevice.tapName(portID: portID))
            return GuestInterface(portId: portID, macAddress: "fa:16:3e:5b:01:0\(index)", vifType: "bridge",
                                  vifDetails: ["bridge_name": .string(bridge)])
        }
        try lab.wire(nics.map { L2PortIntent(portID: $0.portId, kind: .bridged(bridge: bridge, uplink: uplink, vlan: 201)) })
        let taps = nics.map { PortDevice.tapName(portID: $0.portId) }
        let guest = try lab.bootGuest([nics[0]])
        let executor = GuestActionExecutor(hypervisor: lab.hypervisor)
        let pid = try #require(QEMUHost.pid(ofDomain: guest.name))
        #expect(QEMUHost.openNetworkDevices(pid: pid).taps == [taps[0]])

        // Attach: the second NIC goes into the running domain and its definition.
        let both = try lab.domainXML(uuid: guest.uuid, name: guest.name, nics)
        let plug = try plan(executor, guest, desired: both)
        #expect(plug.count == 1)
        guard case .attachDevice(_, _, let added, true, true)? = plug.first else {
            Issue.record("expected a live and config attach, got \(plug)")
            return
        }
        #expect(added.key == GuestNICDevice.key(mac: nics[1].macAddress))
        for action in plug { try executor.perform(action) }
        #expect(QEMUHost.openNetworkDevices(pid: pid).taps == Set(taps), "QEMU opened the attached tap")
        #expect(try plan(executor, guest, desired: both).isEmpty, "the domain now matches")

        // Detach: the definition drops it at once; the running guest holds it until it lets go
        // (this guest has no OS to acknowledge the unplug), and the agent keeps reporting it held.
        let first = try lab.domainXML(uuid: guest.uuid, name: guest.name, [nics[0]])
        let unplug = try plan(executor, guest, desired: first)
        #expect(unplug.map(\.isDetach) == [true])
        for action in unplug { try executor.perform(action) }
        let (live, persistent) = try executor.devices(of: guest)
        #expect(persistent.map(\.key) == [GuestNICDevice.key(mac: nics[0].macAddress)])
        #expect(Set((live ?? []).map(\.key)) == Set(nics.map { GuestNICDevice.key(mac: $0.macAddress) }),
                "the running guest still holds the unplugged NIC")
        #expect(QEMUHost.openNetworkDevices(pid: pid).taps == Set(taps), "a device the guest did not let go stays open")
        let retry = try plan(executor, guest, desired: first)
        guard case .detachDevice(_, _, _, true, false)? = retry.first, retry.count == 1 else {
            Issue.record("expected the live unplug to be asked again, and only it, got \(retry)")
            return
        }
        // Powered off and started again, the guest comes up from its definition: one NIC.
        try executor.perform(.reboot(uuid: guest.uuid, name: guest.name, hard: true))
        let again = try #require(QEMUHost.pid(ofDomain: guest.name))
        #expect(again != pid, "a hard reboot is a new QEMU")
        #expect(QEMUHost.openNetworkDevices(pid: again).taps == [taps[0]])
        #expect(try plan(executor, guest, desired: first).isEmpty)
    }

    private func plan(_ executor: GuestActionExecutor<LibvirtHypervisor>, _ guest: GuestDomainState,
                      desired: String) throws -> [GuestAction] {
        let (live, persistent) = try executor.devices(of: guest)
        return GuestHotPlug.actions(uuid: guest.uuid, name: guest.name, desiredXML: desired, live: live,
                                    persistent: persistent, ready: { _ in true })
    }
}

extension GuestAction {
    var isDetach: Bool { if case .detachDevice = self { true } else { false } }
}
