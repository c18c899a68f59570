import NetnsTesting
import PatchbayHost

extension SysfsFixture {
    /// A reader over this tree.
    var sysfs: LinuxSysfs { LinuxSysfs(root: root.path) }
}
