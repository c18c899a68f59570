@testable import PatchbayCore
import Testing

@Suite struct PCIRequestDerivationTests {
    typealias Spec = PCIRequest.Spec
    static let vlan1 = [Segment(networkType: .vlan, physicalNetwork: "physnet1", segmentationId: 100)]
    static let flat2 = [Segment(networkType: .flat, physicalNetwork: "physnet2")]
    static let vxlan = [Segment(networkType: .vxlan, segmentationId: 5001)]
    static let multi = [Segment(networkType: .vlan, physicalNetwork: "physnet3", segmentationId: 7),
                        Segment(networkType: .vlan, physicalNetwork: "physnet1", segmentationId: 8)]

    struct PortCase: Sendable, CustomTestStringConvertible {
        let name: String
        let vnic: VnicType
        let profile: [String: JSONValue]
        let segments: [Segment]
        let expected: Spec?
        var testDescription: String { name }
    }

    static let portCases: [PortCase] = [
        .init(name: "normal needs no device", vnic: .normal, profile: [:], segments: vlan1, expected: nil),
        .init(name: "direct on vlan → VF on physnet", vnic: .direct, profile: [:], segments: vlan1,
              expected: Spec(deviceType: .vf, physicalNetwork: .named("physnet1"))),
        .init(name: "macvtap on flat → VF on physnet", vnic: .macvtap, profile: [:], segments: flat2,
              expected: Spec(deviceType: .vf, physicalNetwork: .named("physnet2"))),
        .init(name: "direct on vxlan → untagged VF", vnic: .direct, profile: [:], segments: vxlan,
              expected: Spec(deviceType: .vf, physicalNetwork: .untagged)),
        .init(name: "direct-physical → PF on physnet", vnic: .directPhysical, profile: [:], segments: vlan1,
              expected: Spec(deviceType: .pf, physicalNetwork: .named("physnet1"))),
        .init(name: "multi-segment uses the first physnet", vnic: .direct, profile: [:], segments: multi,
              expected: Spec(deviceType: .vf, physicalNetwork: .named("physnet3"))),
        .init(name: "trusted bool → trusted VF", vnic: .direct, profile: ["trusted": true], segments: vlan1,
              expected: Spec(deviceType: .vf, physicalNetwork: .named("physnet1"), trustedRequired: true)),
        .init(name: "trusted string → trusted VF", vnic: .direct, profile: ["trusted": "True"], segments: vlan1,
              expected: Spec(deviceType: .vf, physicalNetwork: .named("physnet1"), trustedRequired: true)),
        .init(name: "trusted false → any VF", vnic: .direct, profile: ["trusted": false], segments: vlan1,
              expected: Spec(deviceType: .vf, physicalNetwork: .named("physnet1"))),
        .init(name: "trusted 'no' → any VF", vnic: .macvtap, profile: ["trusted": "no"], segments: vlan1,
              expected: Spec(deviceType: .vf, physicalNetwork: .named("physnet1"))),
    ]

    @Test(arguments: portCases)
    func portDerivation(_ c: PortCase) throws {
        let request = try PCIRequest.forPort(id: "p1", vnicType: c.vnic, profile: c.profile, segments: c.segments,
                                             numaPolicy: .preferred)
        guard let expected = c.expected else {
            #expect(request == nil)
            return
        }
        let derived = try #require(request)
        #expect(derived.specs == [expected])
        #expect(derived.count == 1)
        #expect(derived.source == .port("p1"))
        #expect(derived.numaPolicy == .preferred)
    }

    @Test func portWithoutSegment_Fails() {
        #expect(throws: PatchbayError.self) {
            _ = try PCIRequest.forPort(id: "p1", vnicType: .direct, segments: [])
        }
        do {
            _ = try PCIRequest.forPort(id: "p1", vnicType: .direct, segments: [])
        } catch {
            #expect(error.code == "pci.port_without_segment")
            #expect(error.category == .badRequest)
        }
    }

    @Test func normalPortWithoutSegmentNeedsNothing() throws {
        #expect(try PCIRequest.forPort(id: "p1", vnicType: .normal, segments: []) == nil)
    }

    static let gpu = PCIRequest.AliasTemplate(specs: [Spec(vendorId: "10DE", productId: "1db4", deviceType: .pci)],
                                              numaPolicy: .required)
    static let nic = PCIRequest.AliasTemplate(specs: [Spec(vendorId: "8086", productId: "154c"),
                                                      Spec(vendorId: "8086", productId: "10ed")])
    static func lookup(_ name: String) -> PCIRequest.AliasTemplate? {
        ["gpu": gpu, "nic": nic][name]
    }

    @Test func flavorAliasesBecomeRequests() throws {
        let requests = try PCIRequest.forFlavorAliases(" gpu:2 , nic:1", lookup: Self.lookup)
        #expect(requests.count == 2)
        #expect(requests[0] == PCIRequest(count: 2, specs: Self.gpu.specs, numaPolicy: .required, source: .alias("gpu")))
        #expect(requests[0].specs[0].vendorId == "10de")
        #expect(requests[1].count == 1 && requests[1].specs.count == 2 && requests[1].numaPolicy == nil)
        #expect(requests[1].source == .alias("nic"))
    }

    @Test func flavorPolicyOverridesAliasPolicy() throws {
        let requests = try PCIRequest.forFlavorAliases("gpu:1", flavorNUMAPolicy: .socket, lookup: Self.lookup)
        #expect(requests.first?.numaPolicy == .socket)
    }

    @Test(arguments: ["gpu", "gpu:0", "gpu:x", ":1", "gpu:1,", "gpu:1:2", ""])
    func malformedAliasRequest_Fails(_ text: String) {
        do {
            _ = try PCIRequest.forFlavorAliases(text, lookup: Self.lookup)
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect(error.code == "pci.invalid_alias_request")
            #expect(error.type == "InvalidInput")
        }
    }

    @Test func unknownAlias_Fails() {
        do {
            _ = try PCIRequest.forFlavorAliases("gpu:1, fpga:1", lookup: Self.lookup)
            Issue.record("unknown alias accepted")
        } catch {
            #expect(error.code == "pci.alias_not_defined")
            #expect(error.type == "PciRequestAliasNotDefined")
            #expect(error.message == "PCI alias fpga is not defined")
        }
    }

    @Test(arguments: ["required", "legacy", "preferred", "socket"])
    func numaPolicyParses(_ text: String) throws {
        #expect(try NUMAPolicy(parsing: text).rawValue == text)
    }

    @Test(arguments: ["", "Required", "strict"])
    func unknownNUMAPolicy_Fails(_ text: String) {
        #expect(throws: PatchbayError.self) { try NUMAPolicy(parsing: text) }
    }
}
