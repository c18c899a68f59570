import Foundation
import PatchbayCore
import PatchbayHost
import PatchbayTesting

/// Issue 5's reconcile figure: a pass over a host with 512 bound VFs (8 PFs × 64) that are
/// already right — planning from the desired state, the journal, reading every PF's VFs and
/// comparing — with the stateful fake NIC standing in for the hardware and the real file journal.
enum ReconcileBench {
    static func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-journal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var devices: [PCIDevice] = []
        var ports: [HostPort] = []
        var pfs: [String: Int] = [:]
        for pf in 0..<8 {
            let pfAddress = PCIAddress("0000:\(String(format: "%02x", 0x10 + pf)):00.0")!
            let netdev = "ens\(pf + 1)f0"
            pfs[netdev] = 64
            devices.append(PCIDevice(address: pfAddress, vendorId: "8086", productId: "1572", type: .pf, netdev: netdev))
            for vf in 0..<64 {
                let address = PCIAddress("0000:\(String(format: "%02x", 0x10 + pf)):\(String(format: "%02x", 2 + vf / 8)).\(vf % 8)")!
                devices.append(PCIDevice(address: address, vendorId: "8086", productId: "154c", type: .vf,
                                         parentAddress: pfAddress, vfNumber: vf))
                ports.append(HostPort(id: String(format: "port-%03d-%02d", pf, vf),
                                      macAddress: String(format: "fa:16:3e:%02x:00:%02x", pf, vf), networkId: "net",
                                      status: "ACTIVE", vnicType: "direct", vifType: "hw_veb",
                                      profile: ["pci_slot": .string(address.description)],
                                      segment: Segment(networkType: .vlan, physicalNetwork: "physnet1", segmentationId: 100 + pf)))
            }
        }
        let desired = HostDesiredState(host: "bench", ports: ports)
        let facts = HostFacts(devices: devices, mappings: AgentMappings())
        let executor = VFActionExecutor(netlink: FakeNIC(pfs), journal: try FileVFStateJournal(directory: directory.path))
        let first = try executor.reconcile(HostPlanner.plan(desired, facts: facts).virtualFunctions)
        var samples: [Double] = []
        var actions = 0
        for _ in 0..<30 {
            let began = ContinuousClock.now
            actions += try executor.reconcile(HostPlanner.plan(desired, facts: facts).virtualFunctions).count
            samples.append(began.duration(to: .now).microseconds / 1000)
        }
        print(String(format: "no-change reconcile of 512 bound VFs (8 PFs x 64; first pass %d actions, then %d): %.2f ms (median of 30)",
                     first.count, actions, PCIBench.median(samples)))
    }
}
