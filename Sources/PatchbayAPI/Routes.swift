import PatchbayCore

/// The one route table: every endpoint the server answers, in one place.
enum Routes {
    static func table(network service: NetworkService) -> RouteTable {
        let networks = NetworksController(service: service)
        let subnets = SubnetsController(service: service)
        let ports = PortsController(service: service)
        let agents = AgentsController(service: service)
        let v2 = "/network/v2.0"
        var routes: [Route] = [
            Route("GET", "/healthz", family: .patchbay, isPublic: true, VersionsController.health),
            Route("GET", "/network/", isPublic: true, VersionsController.versions),
            Route("GET", "/network", isPublic: true, VersionsController.versions),
            Route("GET", "\(v2)/", isPublic: true, VersionsController.resources),
            Route("GET", "\(v2)/extensions", ExtensionsController.list),
            Route("GET", "\(v2)/extensions/{alias}", ExtensionsController.show),

            Route("GET", "\(v2)/networks", networks.list),
            Route("POST", "\(v2)/networks", networks.create),
            Route("GET", "\(v2)/networks/{id}", networks.show),
            Route("PUT", "\(v2)/networks/{id}", networks.update),
            Route("DELETE", "\(v2)/networks/{id}", networks.delete),

            Route("GET", "\(v2)/subnets", subnets.list),
            Route("POST", "\(v2)/subnets", subnets.create),
            Route("GET", "\(v2)/subnets/{id}", subnets.show),
            Route("PUT", "\(v2)/subnets/{id}", subnets.update),
            Route("DELETE", "\(v2)/subnets/{id}", subnets.delete),

            Route("GET", "\(v2)/ports", ports.list),
            Route("POST", "\(v2)/ports", ports.create),
            Route("GET", "\(v2)/ports/{id}", ports.show),
            Route("PUT", "\(v2)/ports/{id}", ports.update),
            Route("DELETE", "\(v2)/ports/{id}", ports.delete),

            Route("GET", "\(v2)/agents", agents.list),
            Route("GET", "\(v2)/agents/{id}", agents.show),
            Route("PUT", "\(v2)/agents/{id}", agents.update),
            Route("DELETE", "\(v2)/agents/{id}", agents.delete),

            Route("POST", "/patchbay/v1/agents/report", family: .patchbay, agents.report),
            Route("POST", "/patchbay/v1/hosts/{host}/devices", family: .patchbay, agents.devices),
        ]
        for collection in ["networks", "subnets", "ports"] {
            let tags = TagsController(service: service, collection: collection)
            routes += [
                Route("GET", "\(v2)/\(collection)/{id}/tags", tags.list),
                Route("PUT", "\(v2)/\(collection)/{id}/tags", tags.replace),
                Route("DELETE", "\(v2)/\(collection)/{id}/tags", tags.clear),
                Route("GET", "\(v2)/\(collection)/{id}/tags/{tag}", tags.check),
                Route("PUT", "\(v2)/\(collection)/{id}/tags/{tag}", tags.add),
                Route("DELETE", "\(v2)/\(collection)/{id}/tags/{tag}", tags.remove),
            ]
        }
        return RouteTable(routes)
    }
}
