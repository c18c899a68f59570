/// Renders a whole libvirt `<domain>` for a server: an HVM x86_64 guest with ACPI (for PCI hot
/// plug), its disks, NICs and flavor alias devices, and a serial console logged to a file.
public enum DomainXML {
    /// The guest architecture written into `<os><type>`.
    public static let architecture = "x86_64"
    /// The machine type written into `<os><type>`.
    public static let machine = "pc"

    /// The complete domain XML for `definition`.
    /// - Throws: `guest.invalid_domain` from ``DomainDefinition/validate()``, or the first
    ///   interface's failure from ``InterfaceXML/write(_:into:)`` (e.g. `guest.unsupported_vif_type`).
    public static func render(_ definition: DomainDefinition) throws(PatchbayError) -> String {
        try definition.validate()
        let kibibytes = String(definition.memoryMB * 1024)
        var writer = XMLWriter()
        try writer.element("domain", ["type": definition.virtType.rawValue]) { (writer) throws(PatchbayError) in
            writer.text("name", content: definition.name)
            writer.text("uuid", content: definition.uuid.lowercased())
            writer.text("memory", ["unit": "KiB"], content: kibibytes)
            writer.text("currentMemory", ["unit": "KiB"], content: kibibytes)
            writer.text("vcpu", ["placement": "static"], content: String(definition.vcpus))
            writer.element("os") { writer in
                writer.text("type", ["arch": architecture, "machine": machine], content: "hvm")
                writer.empty("boot", ["dev": "hd"])
            }
            // ACPI is what lets the `pc` machine hot plug and unplug PCI devices (Nova sets it too).
            writer.element("features") { writer in
                writer.empty("acpi")
                writer.empty("apic")
            }
            try writer.element("devices") { (writer) throws(PatchbayError) in
                for disk in definition.disks { write(disk, into: &writer) }
                for interface in definition.interfaces {
                    try InterfaceXML.write(interface, into: &writer)
                }
                for device in definition.aliasDevices {
                    InterfaceXML.hostdev(device.address, into: &writer)
                }
                if let log = definition.consoleLog { serialConsole(loggedTo: log, into: &writer) }
            }
        }
        return writer.output
    }

    /// `<disk type='file' device='disk'>` on the virtio bus.
    private static func write(_ disk: GuestDisk, into writer: inout XMLWriter) {
        writer.element("disk", ["type": "file", "device": "disk"]) { writer in
            writer.empty("driver", ["name": "qemu", "type": disk.format])
            writer.empty("source", ["file": disk.path])
            writer.empty("target", ["dev": disk.target, "bus": "virtio"])
            if disk.readOnly { writer.empty("readonly") }
        }
    }

    /// A serial port on a pty whose output virtlogd also writes to `log` (emptied at each start),
    /// and the console on it, as Nova lays out `console.log`.
    private static func serialConsole(loggedTo log: String, into writer: inout XMLWriter) {
        writer.element("serial", ["type": "pty"]) { writer in
            writer.empty("log", ["file": log, "append": "off"])
            writer.empty("target", ["port": "0"])
        }
        writer.element("console", ["type": "pty"]) { writer in
            writer.empty("target", ["type": "serial", "port": "0"])
        }
    }
}
