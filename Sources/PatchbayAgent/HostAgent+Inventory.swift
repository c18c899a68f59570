import Foundation
import PatchbayCore
import PatchbayHost

extension HostAgent {
    /// Reads sysfs, updates the planner's facts and PF health, and returns the inventory body.
    ///
    /// VFs listed in `exclude_devices` (addresses checked when the config was loaded) are left out. A PF whose carrier is down is reported as a
    /// fault on itself and on each of its VFs, so the server stops scheduling onto them and shows why.
    func discover() throws(PatchbayError) -> JSONValue {
        let report = try Discovery(reader: seams.sysfs).run()
        let excluded = Set(config.mappings.excludeDevices.values.joined().compactMap(PCIAddress.init))
        let devices = report.devices.filter { !excluded.contains($0.address) }
        facts = HostFacts(devices: devices, mappings: config.mappings, tunnelingIP: config.tunnelingIP,
                          tunnelInterface: config.tunnelInterface)
        var faults: [String: JSONValue] = [:]
        var health: [String: String] = [:]
        for record in report.health where !record.isHealthy {
            let pf = report.device(at: record.address)
            let name = pf?.netdev ?? record.address.description
            health[name] = record.problems.joined(separator: "; ")
            guard case .down(let operstate) = record.carrier else { continue }
            let reason = "PF \(name) carrier down (operstate '\(operstate)')"
            faults[record.address.description] = .string(reason)
            for device in devices where device.parentAddress == record.address {
                faults[device.address.description] = .string(reason)
            }
        }
        if health != pfHealth {
            for (pf, problem) in health.sorted(by: { $0.key < $1.key }) where pfHealth[pf] != problem {
                logger.warning("PF unhealthy", metadata: ["pf": "\(pf)", "problem": "\(problem)"])
            }
            pfHealth = health
        }
        let numaNodes = Set(devices.compactMap(\.numaNode)).sorted()
        return [
            "vcpus": .int(config.vcpus > 0 ? config.vcpus : ProcessInfo.processInfo.activeProcessorCount),
            "memory_mb": .int(config.memoryMB > 0 ? config.memoryMB : Int(ProcessInfo.processInfo.physicalMemory / 1_048_576)),
            "numa_cells": .array(numaNodes.map { ["id": .int($0)] }),
            "pci_devices": .array(devices.map(\.inventoryJSON)),
            "faults": .object(faults),
        ]
    }

    /// The body of the agent report: type, host, mappings, VXLAN endpoint and PF health.
    func agentReport(startFlag: Bool) -> JSONValue {
        var configurations = config.mappings.configurations
        configurations["pf_health"] = .object(pfHealth.mapValues(JSONValue.string))
        configurations["instances_path"] = .string(instances.root)
        configurations["virt_type"] = .string(virtType.rawValue)
        if let ip = config.tunnelingIP {
            configurations["tunneling_ip"] = .string(ip)
            configurations["tunnel_types"] = ["vxlan"]
        }
        return ["agent": [
            "agent_type": .string(AgentType.patchbay.rawValue), "host": .string(config.host),
            "binary": "patchbay-agent", "topic": "N/A", "start_flag": .bool(startFlag),
            "configurations": .object(configurations),
        ]]
    }

}
