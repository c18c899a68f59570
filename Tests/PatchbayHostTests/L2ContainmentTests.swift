import Foundation
import PatchbayCore
import PatchbayHost
import Testing

@Suite("L2ActionExecutor.converge keeps one port's failure to that port and deletes only the agent's links")
struct L2ContainmentTests {
    typealias N = L2Names
    static let p3 = "cccccccc-3333-4333-8333-000000000003"

    /// A record in a fresh temporary directory holding `names`.
    static func record(_ names: Set<String> = []) throws -> FileOwnedLinkRecord {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-owned-\(UUID().uuidString)")
        let record = FileOwnedLinkRecord(path: directory.appendingPathComponent("owned-links").path)
        for name in names { try record.record(name) }
        return record
    }

    @Test func aMacvtapOnAMissingSourceFailsOnlyThatPort_Fails() throws {
        let fake = FakeHostLinks(HostLinkState(links: [N.tap(N.tap1), N.tap(L2PortIntent.tapName(portID: Self.p3)),
                                                       HostLink(name: "eth1", kind: "veth")]))
        let intents = [N.vlan(N.p1, 101), N.macvtap(N.p2, source: "eth9"), N.vxlan(Self.p3, peers: ["192.0.2.2"])]
        let outcome = try L2ActionExecutor(links: fake).converge(intents)
        #expect(outcome.readyPorts == [N.p1, Self.p3])
        #expect(outcome.failedPorts.keys.sorted() == [N.p2])
        #expect(outcome.failedPorts[N.p2]?.hasPrefix("Cannot create macvtap mvtbbbbbbbb-22 on eth9") == true)
        #expect(outcome.failedPorts[N.p2]?.hasSuffix("Cannot find device \"eth9\"") == true)
        #expect(fake.current.links[N.tap1]?.master == N.physnet)
        #expect(fake.current.links["vxlan-1001"]?.isUp == true)
        #expect(fake.performed == outcome.performed)
    }

    @Test func aMissingUplinkFailsOnlyThatPhysnetsPorts_Fails() throws {
        let fake = FakeHostLinks(HostLinkState(links: [N.tap(N.tap1), N.tap(N.tap2), HostLink(name: "eth2", kind: "veth")]))
        let intents = [N.vlan(N.p1, 101, uplink: "eth7"), N.vlan(N.p2, 102, uplink: "eth7"), N.macvtap(Self.p3)]
        let outcome = try L2ActionExecutor(links: fake).converge(intents)
        #expect(outcome.readyPorts == [Self.p3])
        #expect(Set(outcome.failedPorts.keys) == [N.p1, N.p2])
        #expect(outcome.failedPorts[N.p1] == "Cannot enslave eth7 to \(N.physnet): Cannot find device \"eth7\"")
        #expect(outcome.failedDevices["eth7"] != nil)
        #expect(!fake.performed.contains(.setUp("eth7")))
        #expect(fake.current.links[L2PortIntent.macvtapName(portID: Self.p3)]?.isUp == true)
    }

    @Test func aForeignVXLANDeviceAndMacvtapSurviveAndTheAgentsOwnGo() throws {
        let foreign = [HostLink(name: "vxlan-100", kind: "vxlan", vxlan: .init(vni: 100, localIP: nil)),
                       HostLink(name: "pbvx-100", kind: "bridge"), HostLink(name: "mvtforeign", kind: "macvtap", parent: "eth2")]
        let owned = [HostLink(name: "vxlan-200", kind: "vxlan", vxlan: .init(vni: 200, localIP: nil)),
                     HostLink(name: "mvtmine", kind: "macvtap", parent: "eth2")]
        let fake = FakeHostLinks(HostLinkState(links: foreign + owned + [HostLink(name: "eth2", kind: "veth")]))
        let record = try Self.record(["vxlan-200", "mvtmine", "mvtvanished"])
        defer { try? FileManager.default.removeItem(atPath: (record.path as NSString).deletingLastPathComponent) }
        let outcome = try L2ActionExecutor(links: fake).converge([], owned: record)
        #expect(outcome.performed == [.deleteLink("mvtmine"), .deleteLink("vxlan-200")])
        #expect(Set(fake.current.links.keys) == ["vxlan-100", "pbvx-100", "mvtforeign", "eth2"])
        #expect(try record.names().isEmpty)
        #expect(try FileOwnedLinkRecord(path: record.path).names().isEmpty)
    }

    @Test func linksTheAgentCreatesAreRecordedAndAForeignNameInTheWayFailsThatPort_Fails() throws {
        let fake = FakeHostLinks(HostLinkState(links: [HostLink(name: "eth2", kind: "veth"), N.tap(N.tap1),
                                                       HostLink(name: "vxlan-1001", kind: "vxlan"), HostLink(name: "eth1", kind: "veth")]))
        let record = try Self.record()
        defer { try? FileManager.default.removeItem(atPath: (record.path as NSString).deletingLastPathComponent) }
        let outcome = try L2ActionExecutor(links: fake).converge([N.macvtap(N.p2), N.vxlan(N.p1, peers: [])], owned: record)
        #expect(try record.names() == [N.vx1001, L2PortIntent.macvtapName(portID: N.p2)])
        #expect(try FileOwnedLinkRecord(path: record.path).names() == [N.vx1001, L2PortIntent.macvtapName(portID: N.p2)])
        #expect(outcome.readyPorts == [N.p2])
        #expect(outcome.failedPorts[N.p1]?.contains("File exists") == true)
        #expect(fake.current.links["vxlan-1001"]?.kind == "vxlan" && fake.current.links["vxlan-1001"]?.vxlan == nil)
    }

    @Test func aTapTheAgentCreatedIsRecordedAndGoesOnceItsPortAndGuestAreGone() throws {
        let fake = FakeHostLinks(HostLinkState(links: [HostLink(name: "eth1", kind: "veth")]))
        let record = try Self.record()
        defer { try? FileManager.default.removeItem(atPath: (record.path as NSString).deletingLastPathComponent) }
        let wired = try L2ActionExecutor(links: fake).converge([N.vlan(N.p1, 101)], owned: record)
        #expect(wired.performed.contains(.createTap(N.tap1)))
        #expect(try FileOwnedLinkRecord(path: record.path).names().contains(N.tap1), "a created tap is the agent's")
        let unplugged = try L2ActionExecutor(links: fake).converge([], owned: record)
        #expect(unplugged.performed.contains(.deleteLink(N.tap1)), "a tap without port or guest (no carrier) goes")
        #expect(fake.current.links[N.tap1] == nil)
        #expect(try !FileOwnedLinkRecord(path: record.path).names().contains(N.tap1))
    }
}
