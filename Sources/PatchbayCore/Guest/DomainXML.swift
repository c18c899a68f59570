/// Renders a whole libvirt `<domain type='kvm'>` for a server: an HVM x86_64 guest with ACPI (for
/// PCI hot plug), its NICs and flavor alias devices, the minimal device set that libvirt validates and defines.
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
        try writer.element("domain", ["type": "kvm"]) { (writer) throws(PatchbayError) in
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
                for interface in definition.interfaces {
                    try InterfaceXML.write(interface, into: &writer)
                }
                for device in definition.aliasDevices {
                    InterfaceXML.hostdev(device.address, into: &writer)
                }
            }
        }
        return writer.output
    }
}
