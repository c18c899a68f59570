import PatchbayCore

/// Turns full attribute dictionaries into a Neutron list or show response: query engine first
/// (filters see every attribute, as in Neutron), then policy stripping, then `fields`.
enum ListRenderer {
    static func list(_ collection: String, _ items: [[String: JSONValue]], schema: QuerySchema, request: APIRequest,
                     hidden: Set<String>, markerNotFound: ((String) -> PatchbayError)? = nil) throws -> APIResponse {
        var query = try ListQuery.parse(request.query, schema: schema)
        let fields = query.fields
        query.fields = []
        let page: ListPage
        do {
            page = try query.apply(to: items, linkBase: linkBase(request))
        } catch let error as PatchbayError where error.code == "request.bad_marker" {
            // Neutron looks the marker up as a resource: "Network X could not be found."
            throw markerNotFound?(query.marker ?? "") ?? PatchbayError.notFound(kindName(collection), query.marker ?? "")
        }
        let rendered = page.items.map { select(strip($0, hidden), fields) }
        var body: [String: JSONValue] = [collection: .array(rendered.map(JSONValue.object))]
        if !page.links.isEmpty {
            body["\(collection)_links"] = .array(page.links.map { ["rel": .string($0.rel), "href": .string($0.href)] })
        }
        return .ok(.object(body))
    }

    static func show(_ member: String, _ item: [String: JSONValue], request: APIRequest, hidden: Set<String>,
                     status: Int = 200) -> APIResponse {
        let fields = request.query.filter { $0.name == "fields" }.flatMap { $0.value.split(separator: ",").map(String.init) }
        return APIResponse(status: status, body: [member: .object(select(strip(item, hidden), fields))])
    }

    static func many(_ collection: String, _ items: [[String: JSONValue]], hidden: Set<String>) -> APIResponse {
        .created([collection: .array(items.map { .object(strip($0, hidden)) })])
    }

    /// `networks` → `Network`, as Neutron names its NotFound errors.
    private static func kindName(_ collection: String) -> String {
        let singular = collection.hasSuffix("s") ? String(collection.dropLast()) : collection
        return singular.prefix(1).uppercased() + singular.dropFirst()
    }

    private static func strip(_ item: [String: JSONValue], _ hidden: Set<String>) -> [String: JSONValue] {
        guard !hidden.isEmpty else { return item }
        var copy = item
        NetworkPolicy.strip(&copy, hidden: hidden)
        return copy
    }

    private static func select(_ item: [String: JSONValue], _ fields: [String]) -> [String: JSONValue] {
        guard !fields.isEmpty else { return item }
        var selected: [String: JSONValue] = [:]
        for field in fields { if let value = item[field] { selected[field] = value } }
        return selected
    }

    /// The absolute URL of this request without the pagination parameters.
    private static func linkBase(_ request: APIRequest) -> String {
        let host = request.headers["host"] ?? "127.0.0.1"
        return "http://\(host)" + PageLink.linkBase(path: request.path, queryItems: request.query)
    }
}
