extension LoginThrottleState {
    /// Saves a user's entry, making room first when the table is full.
    mutating func store(user: String, _ entry: UserEntry) {
        if users[user] == nil, users.count >= policy.maxEntries {
            users = Self.pruned(users, keep: policy.maxEntries) { $0.touched }
        }
        users[user] = entry
    }

    /// Saves an address's entry, making room first when the table is full.
    mutating func store(_ address: String, _ entry: AddressEntry) {
        if addresses[address] == nil, addresses.count >= policy.maxEntries {
            addresses = Self.pruned(addresses, keep: policy.maxEntries) { $0.touched }
        }
        addresses[address] = entry
    }

    /// Forgets a user's failures (an operator changed its password).
    public mutating func clear(user: String) {
        users[user] = nil
    }

    /// Drops the least recently active entries until a quarter of the table is free (expired
    /// entries are the least recently active). Runs only when a table is full, so its cost is
    /// spread over the inserts that filled it.
    static func pruned<Entry>(_ table: [String: Entry], keep limit: Int, age: (Entry) -> Int64) -> [String: Entry] {
        let target = max(0, limit - max(1, limit / 4))
        guard table.count > target else { return table }
        let newest = table.sorted { age($0.value) > age($1.value) }.prefix(target)
        return Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
    }
}
