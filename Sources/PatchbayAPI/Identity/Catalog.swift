import PatchbayCore

/// The service catalog: identity, network, compute and image, each in the public, internal and
/// admin interfaces of one region, at URLs from config or this server's own address. The image
/// endpoint is unversioned, as Glance's: clients discover v2 from its versions document.
enum Catalog {
    static let services: [(type: String, name: String, path: String)] = [
        ("identity", "keystone", "/identity"), ("network", "neutron", "/network"), ("compute", "nova", "/compute/v2.1"),
        ("image", "glance", "/image"),
    ]

    static func body(config: IdentityConfig, address: ServerAddress) -> JSONValue {
        let own = address.baseURL
        let bases: [(String, String)] = [
            ("public", config.publicURL ?? own), ("internal", config.internalURL ?? config.publicURL ?? own),
            ("admin", config.adminURL ?? config.publicURL ?? own),
        ]
        return .array(services.map { service in
            ["type": .string(service.type), "name": .string(service.name), "id": .string("\(service.type)-service"),
             "endpoints": .array(bases.map { interface, base in
                 ["id": .string("\(service.type)-\(interface)"), "interface": .string(interface),
                  "region": .string(config.region), "region_id": .string(config.region),
                  "url": .string(base.trimmingTrailingSlash + service.path)]
             })]
        })
    }
}

extension String {
    /// The string without a trailing `/`.
    var trimmingTrailingSlash: String { hasSuffix("/") ? String(dropLast()) : self }
}
