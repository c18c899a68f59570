/// Keystone's default role implications: admin ⇒ manager ⇒ member ⇒ reader. Tokens carry the
/// expanded set, as Keystone's do; clients (tempest among them) rely on it.
public enum ImpliedRoles {
    /// Each role and the roles it directly implies.
    public static let implications: [String: [String]] = [
        "admin": ["manager"], "manager": ["member"], "member": ["reader"],
    ]

    /// The closure of `names` under the implications, in a stable order (given names first).
    public static func expand(_ names: [String]) -> [String] {
        var result: [String] = []
        var queue = names
        while let name = queue.first {
            queue.removeFirst()
            guard !result.contains(name) else { continue }
            result.append(name)
            queue += implications[name] ?? []
        }
        return result
    }
}
