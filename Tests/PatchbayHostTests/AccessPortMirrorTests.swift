import NetnsTesting
import PatchbayCore
import PatchbayHost
import Testing

@Suite("Port mirroring on access ports that carry the VLAN access programs", .serialized,
       .requires(NetworkNamespace.isAvailable, "root and ip netns"))
struct AccessPortMirrorTests {
    /// Gives `device` the access programs of `vlan` the way the L2 seam does, reading its
    /// current filters first; returns the tc commands that ran.
    @discardableResult
    static func applyAccess(_ vlan: AccessVLAN, to device: String, in host: NetworkNamespace, pins: String) throws -> [HostCommand] {
        let programs = VLANAccessPrograms(directory: pins)
        let paths = try VLANAccessProgram.programs(for: vlan).map {
            (ingress: try programs.ensurePinned($0.ingress), egress: try programs.ensurePinned($0.egress))
        }
        let tc = CommandRunner(executable: "/usr/sbin/tc", leadingArguments: ["-n", host.name])
        let ingress = try IPCommandLinks.parseFilters(tc.run(["-j", "filter", "show", "dev", device, "ingress"]))
        let egress = try IPCommandLinks.parseFilters(tc.run(["-j", "filter", "show", "dev", device, "egress"]))
        let commands = IPCommandLinks.accessVLANCommands(device: device, paths: paths, ingress: ingress, egress: egress)
        for command in commands { try tc.run(command.arguments) }
        return commands
    }

    @Test(arguments: [AccessVLAN.flat, .vlan(100)])
    func mirrorsRunAfterTheAccessProgramsAndSurviveTheirReapplication(vlan: AccessVLAN) async throws {
        let scene = try await TapMirrorDataPlaneTests.Scene()
        defer { scene.tearDown() }
        for tap in ["tA", "tB"] { try Self.applyAccess(vlan, to: tap, in: scene.host, pins: scene.lab.pins.path) }
        let segment: Int? = if case .vlan(let vid) = vlan { vid } else { nil }
        let seam = scene.lab.mirroring(on: scene.host)
        _ = try await scene.exchange("warm", count: 1)
        try seam.converge(MirrorRule(source: "tA", direction: .both, vlanFilter: VLANRanges(parsing: "100"),
                                     sourceSegmentVID: segment, target: "tM").tcRules)
        let expected = segment == nil ? 0 : 2

        let run = try await scene.exchange("access")
        #expect(run.echoed == run.sent, "A↔B unchanged")
        #expect(run.sent.allSatisfy { UDPEcho.occurrences(of: $0, in: run.atM) == expected },
                "\(expected) copies per datagram on a \(vlan) port with vlan_filter 100 (untagged frames of a flat port carry no VLAN 100)")

        let again = try Self.applyAccess(vlan, to: "tA", in: scene.host, pins: scene.lab.pins.path)
        #expect(!again.contains { $0.arguments.starts(with: ["filter", "del"]) }, "the access logic keeps mirror filters")
        #expect(try seam.installedRules(on: "tA").count == 2)
    }

    @Test func anUnfilteredFlowOnAFlatPortCopiesBothDirections() async throws {
        let scene = try await TapMirrorDataPlaneTests.Scene()
        defer { scene.tearDown() }
        for tap in ["tA", "tB"] { try Self.applyAccess(.flat, to: tap, in: scene.host, pins: scene.lab.pins.path) }
        try scene.lab.mirroring(on: scene.host).converge(MirrorRule(source: "tA", direction: .both, target: "tM").tcRules)
        let run = try await scene.exchange("flat")
        #expect(run.echoed == run.sent)
        #expect(run.sent.allSatisfy { UDPEcho.occurrences(of: $0, in: run.atM) == 2 })
        try Self.applyAccess(.none, to: "tA", in: scene.host, pins: scene.lab.pins.path)
        #expect(try scene.lab.mirroring(on: scene.host).installedRules(on: "tA").count == 2, "removing access keeps mirrors")
    }
}
