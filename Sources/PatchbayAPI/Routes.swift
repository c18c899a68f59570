import PatchbayCore

/// The one route table: every endpoint the server answers, in one place.
enum Routes {
    /// The endpoints a host's agent uses; the only ones a per-host credential reaches (each
    /// checks that the host is the caller's own).
    static let hostAgentPatterns: Set<String> = [
        "/patchbay/v1/agents/report", "/patchbay/v1/hosts/{host}/devices", "/patchbay/v1/hosts/{host}/inventory",
        "/patchbay/v1/hosts/{host}/desired", "/patchbay/v1/hosts/{host}/guests",
        "/patchbay/v1/hosts/{host}/servers/{id}/console", "/patchbay/v1/hosts/{host}/taps",
    ]

    /// The image reads a per-host credential may make: its service checks the image is one a
    /// server on the caller's host boots from.
    static let hostImagePatterns: Set<String> = ["/image/v2/images/{id}", "/image/v2/images/{id}/file"]

    static func table(network service: NetworkService, identity: IdentityService, compute: ComputeService,
                      images: ImageService, changes: ChangeFeed = ChangeFeed()) -> RouteTable {
        let networks = NetworksController(service: service)
        let subnets = SubnetsController(service: service)
        let ports = PortsController(service: service)
        let agents = AgentsController(service: service)
        let capabilities = CapabilitiesController(network: service, compute: compute)
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

            Route("GET", "\(v2)/networks/{id}/capabilities", capabilities.networkAll),
            Route("GET", "\(v2)/networks/{id}/capabilities/{key}", capabilities.networkOne),
            Route("GET", "\(v2)/ports/{id}/capabilities", capabilities.portAll),
            Route("GET", "\(v2)/ports/{id}/capabilities/{key}", capabilities.portOne),

            Route("GET", "\(v2)/agents", agents.list),
            Route("GET", "\(v2)/agents/{id}", agents.show),
            Route("PUT", "\(v2)/agents/{id}", agents.update),
            Route("DELETE", "\(v2)/agents/{id}", agents.delete),

            Route("POST", "/patchbay/v1/hosts/{host}/devices", family: .patchbay, agents.devices),
        ]
        routes += tapRoutes(service)
        let hostAgent = HostAgentController(agents: agents, compute: compute, changes: changes)
        routes += [
            Route("POST", "/patchbay/v1/agents/report", family: .patchbay, hostAgent.report),
            Route("GET", "/patchbay/v1/hosts/{host}/desired", family: .patchbay, hostAgent.desired),
            Route("POST", "/patchbay/v1/hosts/{host}/guests", family: .patchbay, hostAgent.guests),
            Route("PUT", "/patchbay/v1/hosts/{host}/servers/{id}/console", family: .patchbay, hostAgent.console),
        ]
        let credentials = HostCredentialsController(identity: identity)
        routes += [
            Route("POST", "/patchbay/v1/hosts/{host}/credentials", family: .patchbay, credentials.issue),
            Route("DELETE", "/patchbay/v1/hosts/{host}/credentials", family: .patchbay, credentials.revoke),
        ]
        routes += identityRoutes(identity)
        routes += computeRoutes(compute, address: identity.address)
        routes += imageRoutes(images)
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
        return RouteTable(routes.map { route in
            let open = route.isPublic || hostAgentPatterns.contains(route.pattern)
                || (route.method == "GET" && hostImagePatterns.contains(route.pattern))
            return open ? route : route.closedToHostCredentials()
        })
    }

    /// TaaS (`/v2.0/taas/...`) and the agents' tap status reports.
    static func tapRoutes(_ service: NetworkService) -> [Route] {
        let services = TapsController.services(service)
        let flows = TapsController.flows(service)
        let taas = "/network/v2.0/taas"
        return [
            Route("GET", "\(taas)/tap_services", services.list),
            Route("POST", "\(taas)/tap_services", services.create),
            Route("GET", "\(taas)/tap_services/{id}", services.show),
            Route("PUT", "\(taas)/tap_services/{id}", services.update),
            Route("DELETE", "\(taas)/tap_services/{id}", services.delete),
            Route("GET", "\(taas)/tap_flows", flows.list),
            Route("POST", "\(taas)/tap_flows", flows.create),
            Route("GET", "\(taas)/tap_flows/{id}", flows.show),
            Route("PUT", "\(taas)/tap_flows/{id}", flows.update),
            Route("DELETE", "\(taas)/tap_flows/{id}", flows.delete),
            Route("POST", "/patchbay/v1/hosts/{host}/taps", family: .patchbay, TapReportsController(service: service).report),
        ]
    }

    static func imageRoutes(_ images: ImageService) -> [Route] {
        let metadata = ImagesController(images: images)
        let data = ImageDataController(images: images)
        let v2 = "/image/v2"
        return [
            Route("GET", "/image", family: .image, isPublic: true, ImagesController.versions(explicit: false)),
            Route("GET", "/image/", family: .image, isPublic: true, ImagesController.versions(explicit: false)),
            Route("GET", "/image/versions", family: .image, isPublic: true, ImagesController.versions(explicit: true)),
            Route("GET", v2, family: .image, isPublic: true, ImagesController.versions(explicit: true)),
            Route("GET", "\(v2)/", family: .image, isPublic: true, ImagesController.versions(explicit: true)),
            Route("GET", "\(v2)/schemas/image", family: .image, metadata.imageSchema),
            Route("GET", "\(v2)/schemas/images", family: .image, metadata.imagesSchema),
            Route("GET", "\(v2)/images", family: .image, metadata.list),
            Route("POST", "\(v2)/images", family: .image, metadata.create),
            Route("GET", "\(v2)/images/{id}", family: .image, metadata.show),
            Route("PATCH", "\(v2)/images/{id}", family: .image, metadata.update),
            Route("DELETE", "\(v2)/images/{id}", family: .image, metadata.delete),
            Route("PUT", "\(v2)/images/{id}/file", family: .image, streamsBody: true, data.upload),
            Route("GET", "\(v2)/images/{id}/file", family: .image, data.download),
        ]
    }

    static func computeRoutes(_ compute: ComputeService, address: ServerAddress) -> [Route] {
        let nova = ComputeController(compute: compute, address: address)
        let inventory = InventoryController(compute: compute)
        let v21 = "/compute/v2.1"
        let versioned: [(String, String, @Sendable (APIRequest) async throws -> APIResponse)] = [
            ("GET", "\(v21)/flavors", nova.listFlavors),
            ("GET", "\(v21)/flavors/detail", nova.listFlavors),
            ("POST", "\(v21)/flavors", nova.createFlavor),
            ("GET", "\(v21)/flavors/{id}", nova.showFlavor),
            ("DELETE", "\(v21)/flavors/{id}", nova.deleteFlavor),
            ("GET", "\(v21)/flavors/{id}/os-extra_specs", nova.extraSpecs),
            ("POST", "\(v21)/flavors/{id}/os-extra_specs", nova.setExtraSpecs),
            ("DELETE", "\(v21)/flavors/{id}/os-extra_specs/{key}", nova.deleteExtraSpec),
            ("POST", "\(v21)/servers", nova.createServer),
            ("GET", "\(v21)/servers", nova.listServers),
            ("GET", "\(v21)/servers/detail", nova.listServers),
            ("GET", "\(v21)/servers/{id}", nova.showServer),
            ("DELETE", "\(v21)/servers/{id}", nova.deleteServer),
            ("POST", "\(v21)/servers/{id}/action", nova.serverAction),
            ("GET", "\(v21)/servers/{id}/os-interface", nova.interfaces),
            ("POST", "\(v21)/servers/{id}/os-interface", nova.attachInterface),
            ("DELETE", "\(v21)/servers/{id}/os-interface/{port_id}", nova.detachInterface),
            ("GET", "\(v21)/os-keypairs", nova.listKeyPairs),
            ("POST", "\(v21)/os-keypairs", nova.createKeyPair),
            ("GET", "\(v21)/os-keypairs/{name}", nova.showKeyPair),
            ("DELETE", "\(v21)/os-keypairs/{name}", nova.deleteKeyPair),
            ("GET", "\(v21)/os-hypervisors", nova.hypervisors),
            ("GET", "\(v21)/os-hypervisors/detail", nova.hypervisors),
        ]
        return [
            Route("GET", "/compute", family: .compute, isPublic: true, nova.versions),
            Route("GET", "/compute/", family: .compute, isPublic: true, nova.versions),
            Route("GET", v21, family: .compute, isPublic: true, nova.version),
            Route("GET", "\(v21)/", family: .compute, isPublic: true, nova.version),
            Route("POST", "/patchbay/v1/hosts/{host}/inventory", family: .patchbay, inventory.report),
            Route("GET", "/patchbay/v1/hosts", family: .patchbay, inventory.hosts),
            Route("GET", "/patchbay/v1/hosts/{host}/pools", family: .patchbay, inventory.pools),
            Route("GET", "/patchbay/v1/hosts/{host}/pci_devices", family: .patchbay, inventory.devices),
            Route("GET", "/patchbay/v1/servers/{id}/domain", family: .patchbay, inventory.domain),
            Route("GET", "/patchbay/v1/servers/{id}/config_drive", family: .patchbay, inventory.configDrive),
        ] + versioned.map { method, path, handler in Route(method, path, family: .compute, nova.versioned(handler)) }
    }

    static func identityRoutes(_ identity: IdentityService) -> [Route] {
        let auth = IdentityAuthController(identity: identity)
        let admin = IdentityAdminController(identity: identity)
        let v3 = "/identity/v3"
        var routes: [Route] = [
            Route("GET", "/identity", family: .identity, isPublic: true, auth.versions),
            Route("GET", "/identity/", family: .identity, isPublic: true, auth.versions),
            Route("GET", v3, family: .identity, isPublic: true, auth.version),
            Route("GET", "\(v3)/", family: .identity, isPublic: true, auth.version),
            Route("POST", "\(v3)/auth/tokens", family: .identity, isPublic: true, auth.issue),
            Route("GET", "\(v3)/auth/tokens", family: .identity, auth.show),
            Route("HEAD", "\(v3)/auth/tokens", family: .identity, auth.check),
            Route("DELETE", "\(v3)/auth/tokens", family: .identity, auth.revoke),
            Route("GET", "\(v3)/auth/projects", family: .identity, auth.projects),
            Route("GET", "\(v3)/auth/catalog", family: .identity, auth.catalogList),
            Route("GET", "\(v3)/role_assignments", family: .identity, admin.listAssignments),
            Route("GET", "\(v3)/users/{id}/projects", family: .identity, admin.userProjects),
        ]
        let collections: [(String, CRUD)] = [
            ("domains", CRUD(list: admin.listDomains, create: admin.createDomain, show: admin.showDomain,
                             update: admin.updateDomain, delete: admin.deleteDomain)),
            ("projects", CRUD(list: admin.listProjects, create: admin.createProject, show: admin.showProject,
                              update: admin.updateProject, delete: admin.deleteProject)),
            ("users", CRUD(list: admin.listUsers, create: admin.createUser, show: admin.showUser,
                           update: admin.updateUser, delete: admin.deleteUser)),
            ("roles", CRUD(list: admin.listRoles, create: admin.createRole, show: admin.showRole,
                           update: admin.updateRole, delete: admin.deleteRole)),
        ]
        for (name, crud) in collections {
            routes += [
                Route("GET", "\(v3)/\(name)", family: .identity, crud.list),
                Route("POST", "\(v3)/\(name)", family: .identity, crud.create),
                Route("GET", "\(v3)/\(name)/{id}", family: .identity, crud.show),
                Route("PATCH", "\(v3)/\(name)/{id}", family: .identity, crud.update),
                Route("DELETE", "\(v3)/\(name)/{id}", family: .identity, crud.delete),
            ]
        }
        for (target, isDomain) in [("projects", false), ("domains", true)] {
            let path = "\(v3)/\(target)/{target}/users/{user}/roles"
            routes += [
                Route("GET", path, family: .identity, admin.listGrants(domain: isDomain)),
                Route("PUT", "\(path)/{role}", family: .identity, admin.grant(domain: isDomain)),
                Route("HEAD", "\(path)/{role}", family: .identity, admin.checkGrant(domain: isDomain)),
                Route("GET", "\(path)/{role}", family: .identity, admin.checkGrant(domain: isDomain)),
                Route("DELETE", "\(path)/{role}", family: .identity, admin.revokeGrant(domain: isDomain)),
            ]
        }
        return routes
    }
}

/// The five handlers of a Keystone collection.
struct CRUD {
    let list, create, show, update, delete: @Sendable (APIRequest) async throws -> APIResponse
}
