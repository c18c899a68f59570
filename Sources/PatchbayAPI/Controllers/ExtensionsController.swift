import PatchbayCore

/// `/v2.0/extensions`: exactly the aliases this server implements.
enum ExtensionsController {
    struct Extension {
        let alias: String
        let name: String
        let description: String
    }

    static let implemented: [Extension] = [
        Extension(alias: "agent", name: "agent", description: "The agent management extension."),
        Extension(alias: "allowed-address-pairs", name: "Allowed Address Pairs", description: "Provides allowed address pairs"),
        Extension(alias: "binding", name: "Port Binding", description: "Expose port bindings of a virtual port to external application"),
        Extension(alias: "binding-failure-reason", name: "Binding failure reason",
                  description: "Patchbay: binding:failure_reason explains why a port's binding failed."),
        Extension(alias: "capabilities", name: "Patchbay capabilities",
                  description: "Patchbay: what a network or port can do (GET …/capabilities[/{key}]), and ports that require capabilities."),
        Extension(alias: "external-net", name: "Neutron external network", description: "Adds external network attribute to network resource."),
        Extension(alias: "filter-validation", name: "Filter parameters validation", description: "Provides validation on filter parameters."),
        Extension(alias: "ip-substring-filtering", name: "IP address substring filtering",
                  description: "Provides IP address substring filtering when listing ports"),
        Extension(alias: "net-mtu", name: "Network MTU", description: "Provides MTU attribute for a network resource."),
        Extension(alias: "net-mtu-writable", name: "Network MTU (writable)", description: "Provides a writable MTU attribute for a network resource."),
        Extension(alias: "pagination", name: "Pagination support", description: "Extension that indicates that pagination is enabled."),
        Extension(alias: "patchbay-port-profile", name: "Default 802.1Qbh port profile",
                  description: "Patchbay: patchbay:port_profile sets a network's default 802.1Qbh profile."),
        Extension(alias: "port-mac-address-regenerate", name: "Neutron Port MAC address regenerate",
                  description: "Network port MAC address regenerate"),
        Extension(alias: "port-security", name: "Port Security", description: "Provides port security"),
        Extension(alias: "project-id", name: "project_id field enabled", description: "Extension that indicates that project_id field is enabled."),
        Extension(alias: "port-trusted-vif", name: "Port trusted vif",
                  description: "Expose port 'trusted' attribute; it is stored in binding:profile for the SR-IOV VF"),
        Extension(alias: "provider", name: "Provider Network", description: "Expose mapping of virtual networks to physical networks"),
        Extension(alias: "revision-if-match", name: "If-Match constraints based on revision_number",
                  description: "Extension indicating that If-Match based on revision_number is supported."),
        Extension(alias: "sorting", name: "Sorting support", description: "Extension that indicates that sorting is enabled."),
        Extension(alias: "standard-attr-description", name: "standard-attr-description", description: "Extension to add descriptions to standard attributes"),
        Extension(alias: "standard-attr-revisions", name: "Resource revision numbers", description: "This extension will display the revision number of neutron resources."),
        Extension(alias: "standard-attr-tag", name: "Tag support for resources with standard attribute", description: "Enables to set tag on resources with standard attribute."),
        Extension(alias: "standard-attr-timestamp", name: "Resource timestamps", description: "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."),
        Extension(alias: "taas", name: "Neutron Tap as a Service",
                  description: "Neutron Tap as a Service Extension."),
        Extension(alias: "taas-vlan-filter", name: "VLAN filtering for Neutron Tap as a Service",
                  description: "VLAN filter support for Tap Flows (Patchbay: ids 1-4094, ranges ascending)."),
        Extension(alias: "tag-ports-during-bulk-creation", name: "Tag Ports During Bulk Creation", description: "Allow to tag ports during bulk creation"),
        Extension(alias: "uplink-status-propagation", name: "Uplink status propagation extension", description: "Provides ability to propagate uplink status of physical interface to VF."),
    ]

    static func body(_ ext: Extension) -> JSONValue {
        ["alias": .string(ext.alias), "name": .string(ext.name), "description": .string(ext.description),
         "updated": "2026-11-01T00:00:00-00:00", "links": []]
    }

    static func list(_ request: APIRequest) async throws -> APIResponse {
        .ok(["extensions": .array(implemented.map(body))])
    }

    static func show(_ request: APIRequest) async throws -> APIResponse {
        guard let ext = implemented.first(where: { $0.alias == request.parameter("alias") }) else {
            throw PatchbayError.resourceNotFound
        }
        return .ok(["extension": body(ext)])
    }
}
