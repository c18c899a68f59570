// `ConfigError` and `ConfigNode` live in PatchbayConfig, shared with the agent; users of the
// server's configuration keep seeing them through PatchbayAPI.
@_exported import PatchbayConfig
