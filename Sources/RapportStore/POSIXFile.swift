import Foundation

/// Thin, checked wrappers over the POSIX calls the store needs for durability.
public enum POSIXFile {
    /// Which file a path names right now: changes when a file is replaced by rename.
    struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    static func identity(ofDescriptor fd: Int32) -> Identity? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    static func size(ofDescriptor fd: Int32) -> Int? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func isSymlink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Reads from `offset` to the end of an open file.
    static func read(_ fd: Int32, from offset: Int, path: String) throws(StoreError) -> [UInt8] {
        guard let size = size(ofDescriptor: fd) else { throw StoreError.io(file: path, action: "stat", code: errno) }
        guard size > offset else { return [] }
        var bytes: [UInt8] = []
        try append(fd, at: offset, count: size - offset, to: &bytes, path: path)
        return bytes
    }

    /// Reads the file from its start until `enough` finds a value in what was read, or the file
    /// ends (then the value is nil and every byte was read): `chunk` bytes first, then each time
    /// as many as were read before, so that reading to the end of a large file copies and scans
    /// it a few times, not once per chunk.
    static func readStart<T>(_ fd: Int32, path: String, chunk: Int = 16 << 20, until enough: ([UInt8]) -> T?)
        throws -> ([UInt8], T?)
    {
        var bytes: [UInt8] = []
        while true {
            let before = bytes.count
            let count = max(chunk, before)
            try append(fd, at: before, count: count, to: &bytes, path: path)
            if let value = enough(bytes) { return (bytes, value) }
            if bytes.count < before + count { return (bytes, nil) }
        }
    }

    /// Appends up to `count` bytes read at `offset` (fewer at the end of the file), without
    /// zeroing the buffer first.
    private static func append(_ fd: Int32, at offset: Int, count: Int, to bytes: inout [UInt8], path: String)
        throws(StoreError)
    {
        let start = bytes.count
        var failure: Int32?
        let grown = [UInt8](unsafeUninitializedCapacity: start + count) { buffer, initialized in
            if start > 0 {
                bytes.withUnsafeBufferPointer { old in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[0..<start]).initialize(from: old)
                }
            }
            hugePages(buffer.baseAddress! + start, count: count)
            var done = 0
            while done < count {
                let read = pread(fd, buffer.baseAddress! + start + done, count - done, off_t(offset + done))
                if read < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if read == 0 { break }
                done += read
            }
            initialized = start + done
        }
        if let failure { throw StoreError.io(file: path, action: "read", code: failure) }
        bytes = grown
    }

    /// Asks for 2 MB pages under a large buffer about to be filled (the kernel does so only
    /// where asked, here): a 500 MB snapshot is then 250 page faults, not 125,000. A hint; where
    /// it is refused nothing changes.
    static func hugePages(_ start: UnsafeMutablePointer<UInt8>, count: Int) {
        let page = 2 << 20
        guard count >= 4 * page else { return }
        let first = (Int(bitPattern: start) + page - 1) / page * page
        let last = (Int(bitPattern: start) + count) / page * page
        guard last > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(aligned, last - first, MADV_HUGEPAGE)
    }

    static func open(_ path: String, flags: Int32, mode: Int) throws(StoreError) -> Int32 {
        let fd = Glibc.open(path, flags | O_CLOEXEC, mode_t(mode))
        guard fd >= 0 else { throw StoreError.io(file: path, action: "open", code: errno) }
        return fd
    }

    /// Writes every byte, retrying short writes.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { raw in Glibc.write(fd, raw.baseAddress! + done, raw.count - done) }
            if count < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(file: path, action: "write", code: errno)
            }
            done += count
        }
    }

    public static func sync(_ fd: Int32, path: String) throws(StoreError) {
        guard fsync(fd) == 0 else { throw StoreError.io(file: path, action: "flush to disk (fsync)", code: errno) }
    }

}

/// The store's directory, held open: every file in it is opened, renamed, linked and removed
/// relative to this descriptor (`openat`, `renameat`…) and never through a symbolic link
/// (`O_NOFOLLOW`). On a shared server a teammate who can write in the store directory can put
/// a link where a store file was; following it would write (or truncate) a file outside the
/// store with the user's rights.
final class StoreDirectory {
    let path: String
    private var fd: Int32 = -1
    private var identity: POSIXFile.Identity?

    init(path: String) { self.path = path }
    deinit { if fd >= 0 { close(fd) } }

    /// The directory's descriptor, opened again when the directory was replaced; nil if it does not exist.
    func descriptor() throws(StoreError) -> Int32? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw StoreError.io(file: path, action: "look up the store directory", code: errno)
        }
        if (info.st_mode & S_IFMT) == S_IFLNK {
            throw StoreError.notAStore(
                path: path,
                reason: "is a symbolic link; pass the real directory with --store, so that writes cannot be redirected")
        }
        let current = POSIXFile.Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        if fd >= 0, current == identity { return fd }
        if fd >= 0 { close(fd) }
        fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            if code == ENOTDIR || code == ELOOP {
                throw StoreError.notAStore(path: path, reason: "is not a directory; pass a directory to --store")
            }
            throw StoreError.io(file: path, action: "open the store directory", code: code)
        }
        identity = POSIXFile.identity(ofDescriptor: fd)
        return fd
    }

    func file(_ name: String) -> String { path + "/" + name }

    static func linkError(_ path: String) -> StoreError {
        .notAStore(
            path: path,
            reason:
                "is a symbolic link (or was replaced by one); Rapport does not follow links inside a store, since "
                + "they could redirect writes. Replace it with the real file")
    }

    /// Opens `name` in the directory without following a link; nil when it (or the directory) does not exist.
    func open(_ name: String, flags: Int32, mode: Int = 0o600) throws(StoreError) -> Int32? {
        guard let directory = try descriptor() else {
            if flags & O_CREAT != 0 {
                throw StoreError.io(file: file(name), action: "create", code: ENOENT)
            }
            return nil
        }
        let opened = openat(directory, name, flags | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
        if opened >= 0 { return opened }
        let code = errno
        if code == ENOENT && flags & O_CREAT == 0 { return nil }
        if code == ELOOP { throw StoreDirectory.linkError(file(name)) }
        throw StoreError.io(file: file(name), action: "open", code: code)
    }

    /// Which file `name` is now (a link is itself, not what it names); nil if there is none.
    func identity(of name: String) -> POSIXFile.Identity? {
        guard let directory = try? descriptor() else { return nil }
        var info = stat()
        guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return POSIXFile.Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    func isLink(_ name: String) -> Bool {
        guard let directory = try? descriptor() else { return false }
        var info = stat()
        return fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    func names() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] }

    func unlink(_ name: String) {
        guard let directory = try? descriptor() else { return }
        _ = unlinkat(directory, name, 0)
    }

    func rename(_ from: String, to: String) throws(StoreError) {
        guard let directory = try descriptor(), renameat(directory, from, directory, to) == 0 else {
            throw StoreError.io(file: file(to), action: "replace", code: errno)
        }
    }

    /// A hard link `to` for the file `from` (never for a link's target).
    func link(_ from: String, to: String) throws(StoreError) {
        guard let directory = try descriptor(), linkat(directory, from, directory, to, 0) == 0 else {
            throw StoreError.io(file: file(to), action: "keep a backup", code: errno)
        }
    }

    func sync() throws(StoreError) {
        guard let directory = try descriptor() else { return }
        try POSIXFile.sync(directory, path: path)
    }

    /// A new temp file for `name`, under a name no one can guess and that must not exist yet.
    func createTemporary(for name: String, mode: Int) throws(StoreError) -> (fd: Int32, name: String) {
        for _ in 0..<16 {
            let temporary = name + ".tmp-\(getpid())-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            do {
                guard let fd = try open(temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: mode) else { continue }
                return (fd, temporary)
            } catch StoreError.io(_, _, let code) where code == EEXIST {
                continue
            }
        }
        throw StoreError.io(file: file(name), action: "create a temporary file", code: EEXIST)
    }

    /// Replaces `name` with `bytes` atomically: a new temp file, fsync, rename, fsync of the
    /// directory. Readers see the old file or the new one, never a mix; a crash leaves the old one.
    /// `beforeRename` runs once the new content is durable and before it replaces the old file.
    func replaceAtomically(
        _ name: String, with bytes: [UInt8], mode: Int, beforeRename: () throws(StoreError) -> Void = {}
    ) throws(StoreError) {
        let (fd, temporary) = try createTemporary(for: name, mode: mode)
        do {
            // The descriptor is the new file itself (O_NOFOLLOW, O_EXCL): its mode is set exactly.
            fchmod(fd, mode_t(mode))
            try POSIXFile.writeAll(fd, bytes, path: file(temporary))
            try POSIXFile.sync(fd, path: file(temporary))
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        do {
            try beforeRename()
            try rename(temporary, to: name)
        } catch {
            unlink(temporary)
            throw error
        }
        try sync()
    }
}
