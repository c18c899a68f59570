import NetnsTesting
import PatchbayCore
import PatchbayHost
import Testing

@Suite("L2 macvtap ports and failures against a real kernel",
       .serialized, .enabled(if: NetworkNamespace.isAvailable, "needs root and ip netns"))
struct L2MacvtapTests {
    static let port = "77777777-0000-4000-8000-000000000007"
    static let device = L2PortIntent.macvtapName(portID: port)

    static func intent(mac: String, source: String = "src0", mode: String = "bridge") -> L2PortIntent {
        L2PortIntent(portID: port, kind: .macvtap(source: source, mode: mode, mac: mac))
    }

    @Test func aPassthroughMacvtapGetsThePortsMACOnItsSourceToo() async throws {
        let lab = try L2Lab()
        defer { lab.tearDown() }
        let host = try lab.addHost()
        try host.addVeth("vf0", peer: "vf0p")
        let executor = lab.executor(on: host)
        let intents = [Self.intent(mac: "fa:16:3e:0a:0b:0c", source: "vf0", mode: "passthrough")]
        let plan = try executor.reconcile(intents)
        #expect(plan.actions.contains(.setMAC(device: Self.device, mac: "fa:16:3e:0a:0b:0c")))
        #expect(try await host.macAddress(of: Self.device) == "fa:16:3e:0a:0b:0c")
        #expect(try await host.macAddress(of: "vf0") == "fa:16:3e:0a:0b:0c")
        #expect(try lab.links(on: host).snapshot().links[Self.device]?.macvtapMode == "passthru")
        #expect(try executor.reconcile(intents).actions == [])
    }

    @Test func aMacvtapCarriesThePortsMACUntilItsIntentGoes() async throws {
        let lab = try L2Lab()
        defer { lab.tearDown() }
        let host = try lab.addHost()
        try host.addVeth("src0", peer: "src0p")
        let executor = lab.executor(on: host)

        let created = try executor.reconcile([Self.intent(mac: "FA:16:3E:12:34:56")])
        #expect(created.readyPorts == [Self.port])
        #expect(try await host.macAddress(of: Self.device) == "fa:16:3e:12:34:56")
        let link = try lab.links(on: host).snapshot().links[Self.device]
        #expect(link == HostLink(name: Self.device, kind: "macvtap", isUp: true, hasCarrier: true, mac: "fa:16:3e:12:34:56",
                                 parent: "src0", macvtapMode: "bridge"))
        #expect(try executor.reconcile([Self.intent(mac: "fa:16:3e:12:34:56")]).actions == [])

        let changed = try executor.reconcile([Self.intent(mac: "fa:16:3e:65:43:21")])
        #expect(changed.actions == [.setMAC(device: Self.device, mac: "fa:16:3e:65:43:21")])
        #expect(try await host.macAddress(of: Self.device) == "fa:16:3e:65:43:21")

        #expect(try executor.reconcile([]).actions == [.deleteLink(Self.device)])
        #expect(try await host.macAddress(of: Self.device) == nil)
        #expect(try await host.macAddress(of: "src0") != nil, "the source stays")
    }

    @Test func aMacvtapOnAMissingSource_Fails() throws {
        let lab = try L2Lab()
        defer { lab.tearDown() }
        let host = try lab.addHost()
        let error = try #require(throws: PatchbayError.self) {
            try lab.executor(on: host).reconcile([Self.intent(mac: "fa:16:3e:12:34:56", source: "nosuch0")])
        }
        #expect(error.code == "host.l2_action_failed")
        #expect(error.category == .notFound)
        #expect(error.message.contains("create macvtap \(Self.device) on nosuch0"))
        #expect(error.message.hasSuffix("Cannot find device \"nosuch0\""))
        #expect(!host.hasLink(Self.device))
    }

    @Test func anAccessVLANOnAMissingTap_Fails() throws {
        let lab = try L2Lab()
        defer { lab.tearDown() }
        let host = try lab.addHost()
        #expect(throws: PatchbayError.netlinkDeviceNotFound("tapnothere")) {
            try lab.links(on: host).perform(.setAccessVLAN(device: "tapnothere", vlan: .vlan(101)))
        }
        #expect(throws: PatchbayError.self) {
            try lab.links(on: host).perform(.setAccessVLAN(device: "tapnothere", vlan: .unrecognized))
        }
    }

    @Test func aMissingNamespace_Fails() {
        let links = IPCommandLinks(namespace: "pbmissing" + NetworkNamespace.uniqueSuffix())
        #expect { try links.snapshot() } throws: { error in
            (error as? PatchbayError)?.code == "host.command_failed"
        }
    }
}
