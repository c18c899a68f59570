import PatchbayCore
import Testing

/// Capabilities: what NICs and vnic types provide, how they are read and asked for.
@Suite struct CapabilityTests {
    static let i40e = NICFeatures(driver: "i40e", totalVFs: 64, linkSpeedMbps: 10000,
                                  mirroring: MirrorSupport(ingress: true, egress: true, vlanFilter: true))

    @Test func aNICProvidesItsMirroringAndWhatItsDriverHonours() {
        #expect(Self.i40e.capabilities == [.mirroringIn, .mirroringOut, .mirroringVLANFilter, .trust, .spoofCheck, .maxTxRate])
        #expect(NICFeatures(driver: "ice").capabilities == [.trust, .spoofCheck, .maxTxRate, .minTxRate])
        #expect(NICFeatures(driver: "e1000e").capabilities.isEmpty, "an unknown driver is promised nothing")
        #expect(NICFeatures().capabilities.isEmpty)
    }

    @Test func featuresRoundTripAndBadMembersAreNamed() throws {
        #expect(try NICFeatures(json: Self.i40e.json) == Self.i40e)
        let partial = try NICFeatures(json: ["driver": "mlx5_core"])
        #expect(partial.abilities.minTxRate && partial.mirroring == MirrorSupport(), "left-out abilities are the driver's")
        let overridden = try NICFeatures(json: ["driver": "mlx5_core", "trust": false])
        #expect(!overridden.abilities.trust)
        let bad: [(JSONValue, String)] = [
            ("i40e", "nic_features must be an object"),
            (["driver": 7], "nic_features.driver"), (["total_vfs": -1], "nic_features.total_vfs"),
            (["link_speed_mbps": 0], "nic_features.link_speed_mbps"), (["trust": "yes"], "nic_features.trust"),
            (["mirroring": true], "nic_features.mirroring"), (["mirroring": ["in": 1]], "nic_features.mirroring.in"),
        ]
        for (json, named) in bad {
            #expect(throws: PatchbayError.self, "\(json)") { try NICFeatures(json: json) }
            do { _ = try NICFeatures(json: json) } catch { #expect(error.message.contains(named), "\(error.message)") }
        }
    }

    @Test func requirementsAreParsedSortedAndUnique() throws {
        #expect(try Capability.parseRequired(["trust", "mirroring.in", "trust"]) == [.mirroringIn, .trust])
        #expect(try Capability.parseRequired([]) == [])
        for bad: JSONValue in ["trust", ["mirroring"], [true], ["TRUST"]] {
            #expect(throws: PatchbayError.self, "\(bad)") { try Capability.parseRequired(bad) }
        }
    }

    @Test func eachVnicTypeLeavesTheNICOnlyWhatItCannotDoItself() throws {
        #expect(try PortCapabilities.nicRequirements([.mirroringIn, .trust], vnicType: .macvtap) == [.trust])
        #expect(try PortCapabilities.nicRequirements([.mirroringIn, .trust], vnicType: .direct) == [.mirroringIn, .trust])
        #expect(try PortCapabilities.nicRequirements([.inline, .mirroringOut], vnicType: .normal) == [])
        #expect(throws: PatchbayError.self) { try PortCapabilities.nicRequirements([.trust], vnicType: .normal) }
        #expect(throws: PatchbayError.self) { try PortCapabilities.nicRequirements([.mirroringIn], vnicType: .directPhysical) }
        // A macvtap VF is mirrored by tc, so the NIC's own mirroring does not count for it.
        let mlx5 = NICFeatures(driver: "mlx5_core")
        #expect(PortCapabilities.provided(vnicType: .macvtap, nic: mlx5).isSuperset(of: [.mirroringIn, .inline, .minTxRate]))
        #expect(!PortCapabilities.provided(vnicType: .direct, nic: mlx5).contains(.mirroringIn))
    }

    @Test func oneKeyIsReadThroughDotsAndFalseIsNotSupported() {
        let answer: [String: JSONValue] = ["mtu": 1500, "mirroring": ["in": true, "out": false], "inline": false]
        #expect(PortCapabilities.value(of: "mtu", in: answer) == 1500)
        #expect(PortCapabilities.value(of: "mirroring.in", in: answer) == true)
        #expect(PortCapabilities.value(of: "mirroring.out", in: answer) == nil)
        #expect(PortCapabilities.value(of: "inline", in: answer) == nil)
        #expect(PortCapabilities.value(of: "mtu.x", in: answer) == nil)
        #expect(PortCapabilities.value(of: "", in: answer) == nil)
    }

    @Test func aSpecWithRequirementsMatchesOnlyPoolsThatProvideThemAndSaysSo() {
        let spec = PCIRequest.Spec(deviceType: .vf, physicalNetwork: .named("physnet1"), requiredCapabilities: [.mirroringIn])
        let request = PCIRequest(count: 1, specs: [spec], source: .port("p"))
        let plain = PoolSummary(vendorId: "15b3", productId: "1018", deviceType: .vf, physicalNetwork: "physnet1", free: 4)
        var mirroring = plain
        mirroring.nicCapabilities = Self.i40e.capabilities
        #expect(!request.matches(plain) && request.matches(mirroring))
        #expect(request.shortDescription == "VF on physnet1 with mirroring.in")
    }
}
