import Foundation

/// Thin, checked wrappers over the POSIX calls the store needs for durability.
enum POSIXFile {
    /// Which file a path names right now: changes when a file is replaced by rename.
    struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    static func identity(ofPath path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
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
    static func read(_ fd: Int32, from offset: Int, path: String) throws -> [UInt8] {
        guard let size = size(ofDescriptor: fd) else { throw StoreError.io(file: path, action: "stat", code: errno) }
        guard size > offset else { return [] }
        var bytes: [UInt8] = []
        try append(fd, at: offset, count: size - offset, to: &bytes, path: path)
        return bytes
    }

    /// Reads the file from its start in chunks of `chunk` bytes until `enough` finds a value in
    /// what was read, or the file ends (then the value is nil and every byte was read).
    static func readStart<T>(_ fd: Int32, path: String, chunk: Int = 16 << 20, until enough: ([UInt8]) -> T?)
        throws -> ([UInt8], T?)
    {
        var bytes: [UInt8] = []
        while true {
            let before = bytes.count
            try append(fd, at: before, count: chunk, to: &bytes, path: path)
            if let value = enough(bytes) { return (bytes, value) }
            if bytes.count < before + chunk { return (bytes, nil) }
        }
    }

    /// Appends up to `count` bytes read at `offset` (fewer at the end of the file), without
    /// zeroing the buffer first.
    private static func append(_ fd: Int32, at offset: Int, count: Int, to bytes: inout [UInt8], path: String) throws {
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

    static func open(_ path: String, flags: Int32, mode: Int) throws -> Int32 {
        let fd = Glibc.open(path, flags | O_CLOEXEC, mode_t(mode))
        guard fd >= 0 else { throw StoreError.io(file: path, action: "open", code: errno) }
        return fd
    }

    /// Writes every byte, retrying short writes.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
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

    static func sync(_ fd: Int32, path: String) throws {
        guard fsync(fd) == 0 else { throw StoreError.io(file: path, action: "flush to disk (fsync)", code: errno) }
    }

    /// Makes a rename or a new file in `directory` durable.
    static func syncDirectory(_ directory: String) throws {
        let fd = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io(file: directory, action: "open directory", code: errno) }
        defer { close(fd) }
        try sync(fd, path: directory)
    }

    /// Replaces `path` with `bytes` atomically: temp file, fsync, rename, fsync of the directory.
    /// Readers see the old file or the new one, never a mix; a crash leaves the old one.
    /// `beforeRename` runs once the new content is durable and before it replaces the old file.
    static func replaceAtomically(
        _ path: String, with bytes: [UInt8], mode: Int, beforeRename: () throws -> Void = {}
    ) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = path + ".tmp-\(getpid())"
        let fd = try open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
        do {
            fchmod(fd, mode_t(mode))
            try writeAll(fd, bytes, path: temporary)
            try sync(fd, path: temporary)
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        do {
            try beforeRename()
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw StoreError.io(file: path, action: "replace", code: code)
        }
        try syncDirectory(directory.isEmpty ? "." : directory)
    }
}
