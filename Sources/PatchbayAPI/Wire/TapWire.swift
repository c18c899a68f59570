import PatchbayCore

/// Tap services and tap flows on the wire: exactly TaaS's fields (`tenant_id`, no `project_id`
/// in bodies; `project_id` is accepted in POST and as a filter, as Neutron maps the two).
enum TapWire {
    static let serviceRules = AttributeRules(
        known: ["id", "tenant_id", "project_id", "name", "description", "port_id", "status"],
        post: ["tenant_id", "project_id", "name", "description", "port_id"],
        put: ["name", "description"],
        required: ["port_id"])

    static let flowRules = AttributeRules(
        known: ["id", "tenant_id", "project_id", "tap_service_id", "name", "description", "source_port", "direction",
                "status", "vlan_filter", "status_reason"],
        post: ["tenant_id", "project_id", "tap_service_id", "name", "description", "source_port", "direction", "vlan_filter"],
        put: ["name", "description"],
        required: ["tap_service_id", "source_port", "direction"])

    static let serviceQuery = QuerySchema(
        filterable: ["id", "tenant_id", "project_id", "name", "description", "port_id", "status"],
        sortable: ["id", "tenant_id", "project_id", "name", "description", "port_id", "status"])

    static let flowQuery = QuerySchema(
        filterable: ["id", "tenant_id", "project_id", "tap_service_id", "name", "description", "source_port", "direction",
                     "status", "vlan_filter"],
        sortable: ["id", "tenant_id", "project_id", "tap_service_id", "name", "description", "source_port", "direction",
                   "status", "vlan_filter"])

    /// Filterable but never shown: TaaS bodies carry `tenant_id` only.
    static let hidden: Set<String> = ["project_id"]

    static func createService(_ body: ResourceBody, caller: Caller) throws -> TapServiceCreate {
        var request = TapServiceCreate(projectId: try body.owner(for: caller), portId: try body.uuid("port_id") ?? "")
        request.name = try body.string("name") ?? ""
        request.description = try body.string("description", maxLength: 1024) ?? ""
        return request
    }

    static func createFlow(_ body: ResourceBody, caller: Caller) throws -> TapFlowCreate {
        let directionText = try body.string("direction") ?? ""
        guard let direction = TapDirection(rawValue: directionText) else {
            throw body.invalid("direction", "'\(directionText)' is not in ['IN', 'OUT', 'BOTH']")
        }
        var request = TapFlowCreate(projectId: try body.owner(for: caller), tapServiceId: try body.uuid("tap_service_id") ?? "",
                                    sourcePort: try body.uuid("source_port") ?? "", direction: direction)
        request.name = try body.string("name", maxLength: 1024) ?? ""
        request.description = try body.string("description", maxLength: 1024) ?? ""
        if let text = try body.string("vlan_filter", maxLength: 1024, allowNull: true) {
            request.vlanFilter = try VLANFilter.parse(text)
        }
        return request
    }

    static func attributes(_ shown: (TapService, TapStatus)) -> [String: JSONValue] {
        let (service, status) = shown
        return ["id": .string(service.id), "tenant_id": .string(service.projectId), "project_id": .string(service.projectId),
                "name": .string(service.name), "description": .string(service.description),
                "port_id": .string(service.portId), "status": .string(status.rawValue)]
    }

    /// A flow's attributes; `status_reason` (Patchbay's) only while an agent reported `ERROR`.
    static func attributes(_ shown: (TapFlow, TapStatus)) -> [String: JSONValue] {
        let (flow, status) = shown
        var attributes: [String: JSONValue] = [
            "id": .string(flow.id), "tenant_id": .string(flow.projectId), "project_id": .string(flow.projectId),
            "tap_service_id": .string(flow.tapServiceId), "name": .string(flow.name), "description": .string(flow.description),
            "source_port": .string(flow.sourcePort), "direction": .string(flow.direction.rawValue),
            "status": .string(status.rawValue), "vlan_filter": flow.vlanFilter.map(JSONValue.string) ?? .null]
        if status == .error, let reason = flow.statusReason { attributes["status_reason"] = .string(reason) }
        return attributes
    }
}
