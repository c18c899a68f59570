import PatchbayCore
import Testing

/// The pure halves of power, reboot and hot plug: what the agent does for each state it finds.
@Suite("Guest power, reboots and hot plug: states in, actions out")
struct GuestPowerAndHotPlugTests {
    typealias R = GuestReconcilerTests
    static let a = R.a

    static func guest(power: AssignedGuest.Power = .running, reboot: AssignedGuest.Reboot = .init(), xml: String = "<domain/>") -> DesiredGuest {
        DesiredGuest(uuid: a, name: "patchbay-a", domainXML: xml, power: power, reboot: reboot)
    }

    static func domain(active: Bool) -> GuestDomainState { GuestDomainState(name: "patchbay-a", uuid: a, isActive: active) }

    @Test func aStoppedGuestIsDefinedButNotStarted_AndARunningOneIsShutOff() {
        let stopped = Self.guest(power: .shutoff)
        #expect(GuestReconciler.actions(desired: [stopped], actual: []) == [.define(uuid: Self.a, name: "patchbay-a", xml: "<domain/>")])
        #expect(GuestReconciler.actions(desired: [stopped], actual: [Self.domain(active: true)]) == [.shutOff(uuid: Self.a, name: "patchbay-a")])
        #expect(GuestReconciler.actions(desired: [stopped], actual: [Self.domain(active: false)]).isEmpty)
        #expect(GuestReconciler.actions(desired: [Self.guest()], actual: [Self.domain(active: false)]) == [.start(uuid: Self.a, name: "patchbay-a")])
        let after = GuestReconciler.domains(after: [.shutOff(uuid: Self.a, name: "patchbay-a")], actual: [Self.domain(active: true)])
        #expect(after == [Self.a: false])
    }

    @Test func aRebootAboveTheCarriedOutCounterIsDoneOnce_AndABootSatisfiesIt() {
        let asked = Self.guest(reboot: .init(counter: 3, hard: true))
        let running = [Self.domain(active: true)]
        #expect(GuestReboots.actions(desired: [asked], actual: running, carriedOut: [Self.a: 2], performed: [])
            == [.reboot(uuid: Self.a, name: "patchbay-a", hard: true)])
        #expect(GuestReboots.actions(desired: [asked], actual: running, carriedOut: [Self.a: 3], performed: []).isEmpty)
        #expect(GuestReboots.actions(desired: [asked], actual: running, carriedOut: [:], performed: []).isEmpty,
                "no record: never rebooted unasked")
        #expect(GuestReboots.actions(desired: [asked], actual: [Self.domain(active: false)], carriedOut: [Self.a: 0], performed: []).isEmpty)
        let started: [GuestAction] = [.start(uuid: Self.a, name: "patchbay-a")]
        #expect(GuestReboots.actions(desired: [asked], actual: running, carriedOut: [Self.a: 0], performed: started).isEmpty)
        #expect(GuestReboots.carriedOut(desired: [asked], previous: [Self.a: 1], performed: started) == [Self.a: 3])
        #expect(GuestReboots.carriedOut(desired: [asked], previous: [Self.a: 1], performed: []) == [Self.a: 1])
        #expect(GuestReboots.carriedOut(desired: [asked], previous: [:], performed: []) == [Self.a: 3], "adopted")
        #expect(GuestReboots.carriedOut(desired: [], previous: [Self.a: 1], performed: []).isEmpty, "forgotten when gone")
    }

    static let tap = "<interface type='ethernet'>\n  <mac address='fa:16:3e:00:00:01'/>\n  <target dev='tap1' managed='no'/>\n</interface>"
    static let vf = "<interface type=\"hostdev\" managed=\"yes\"><mac address=\"FA:16:3E:00:00:02\"/><source>"
        + "<address type=\"pci\" domain=\"0x0000\" bus=\"0x3b\" slot=\"0x02\" function=\"0x1\"/></source></interface>"
    static let pf = "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x5e' slot='0x00' function='0x0'/></source>"
        + "<address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/></hostdev>"

    static func xml(_ devices: String...) -> String {
        "<domain><name>x</name><devices><disk type='file'/>\(devices.joined())<memballoon model='virtio'/></devices></domain>"
    }

    @Test func devicesAreKeyedByMACOrHostPCIAddressInEitherQuoteStyle() {
        let found = GuestNICDevice.devices(inDomainXML: Self.xml(Self.tap, Self.vf, Self.pf))
        #expect(found.map(\.key) == ["mac:fa:16:3e:00:00:01", "mac:fa:16:3e:00:00:02", "pci:0000:5e:00.0"])
        #expect(found.map(\.xml) == [Self.tap, Self.vf, Self.pf])
        #expect(GuestNICDevice.devices(inDomainXML: "<domain/>").isEmpty)
    }

    @Test func hotPlugDetachesFirstAttachesWhenReady_AndOnlyWhereMissing() {
        let desired = Self.xml(Self.tap, Self.pf)
        let live = GuestNICDevice.devices(inDomainXML: Self.xml(Self.vf))
        let persistent = GuestNICDevice.devices(inDomainXML: Self.xml(Self.vf, Self.tap))
        let devices = GuestNICDevice.devices(inDomainXML: Self.xml(Self.tap, Self.vf, Self.pf))
        let all = GuestHotPlug.actions(uuid: Self.a, name: "n", desiredXML: desired, live: live, persistent: persistent, ready: { _ in true })
        #expect(all == [.detachDevice(uuid: Self.a, name: "n", device: devices[1], live: true, config: true),
                        .attachDevice(uuid: Self.a, name: "n", device: devices[0], live: true, config: false),
                        .attachDevice(uuid: Self.a, name: "n", device: devices[2], live: true, config: true)])
        let waiting = GuestHotPlug.actions(uuid: Self.a, name: "n", desiredXML: desired, live: live, persistent: persistent,
                                           ready: { $0 != devices[2].key })
        #expect(waiting.count == 2, "a device whose port is not wired waits")
        let shutOff = GuestHotPlug.actions(uuid: Self.a, name: "n", desiredXML: desired, live: nil, persistent: persistent, ready: { _ in true })
        #expect(shutOff == [.detachDevice(uuid: Self.a, name: "n", device: devices[1], live: false, config: true),
                            .attachDevice(uuid: Self.a, name: "n", device: devices[2], live: false, config: true)])
        #expect(GuestHotPlug.actions(uuid: Self.a, name: "n", desiredXML: desired, live: GuestNICDevice.devices(inDomainXML: desired),
                                     persistent: GuestNICDevice.devices(inDomainXML: desired), ready: { _ in false }).isEmpty)
    }
}
