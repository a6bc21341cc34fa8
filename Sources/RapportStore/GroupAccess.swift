import Foundation

/// A store that a team shares on one server: one group owns the directory and every file, the
/// directory is setgid (new files get its group) and group-writable, and files get the mode in
/// `settings.fileMode` (0660 for a group).
extension JournalStore {
    /// Makes the store a group store for `group`: the group and modes of the directory and every
    /// file in it (links are not followed, and not changed), and `fileMode` 0660 in the settings,
    /// written in a new snapshot. Needs the whole store loaded.
    public func share(group: gid_t) throws {
        precondition(!isPartial, "sharing needs the whole store loaded")
        try createDirectoryIfNeeded(fileMode: 0o660)
        try withLock {
            _ = try refresh()
            var settings = portfolio.settings
            settings.fileMode = 0o660
            try rewriteSnapshot(settings: settings)
            guard let directory = try files.descriptor() else { return }
            for name in files.names() {
                guard let fd = try? files.open(name, flags: O_RDONLY | O_NONBLOCK) else { continue }
                defer { close(fd) }
                var info = stat()
                guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
                guard fchown(fd, uid_t.max, group) == 0, fchmod(fd, 0o660) == 0 else {
                    throw StoreError.io(file: files.file(name), action: "give the group access", code: errno)
                }
            }
            guard fchown(directory, uid_t.max, group) == 0, fchmod(directory, mode_t(0o2770)) == 0 else {
                throw StoreError.io(file: self.directory, action: "give the group access", code: errno)
            }
        }
    }

    /// What would lock a teammate out of a group store (settings.fileMode gives the group write
    /// access): a file or the directory that the group cannot write, or that another group owns,
    /// or a directory without the setgid bit. Empty for a store that is not shared.
    public func accessProblems() -> [String] {
        guard portfolio.settings.fileMode & 0o060 == 0o060, let directory = try? files.descriptor() else { return [] }
        var info = stat()
        guard fstat(directory, &info) == 0 else { return [] }
        let group = info.st_gid
        var problems: [String] = []
        func name(_ gid: gid_t) -> String { getgrgid(gid).map { String(cString: $0.pointee.gr_name) } ?? String(gid) }
        if info.st_mode & S_ISGID == 0 || info.st_mode & 0o070 != 0o070 {
            problems.append(
                "\(self.directory): mode \(String(info.st_mode & 0o7777, radix: 8)); a group store's directory needs "
                    + "2770 (group rwx and setgid, so new files get its group)")
        }
        for file in files.names().sorted() {
            var entry = stat()
            guard fstatat(directory, file, &entry, AT_SYMLINK_NOFOLLOW) == 0, (entry.st_mode & S_IFMT) == S_IFREG
            else { continue }
            if entry.st_gid != group {
                problems.append(
                    "\(files.file(file)): group \(name(entry.st_gid)), not the store's group \(name(group)); "
                        + "teammates cannot write it")
            } else if entry.st_mode & 0o060 != 0o060 {
                problems.append(
                    "\(files.file(file)): mode \(String(entry.st_mode & 0o777, radix: 8)); the group cannot write it")
            }
        }
        return problems
    }
}
