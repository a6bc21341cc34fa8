import Foundation
import RapportDomain

/// An exclusive `flock` on the store's lock file. The kernel drops it when the process dies,
/// so a crashed writer never leaves a stale lock behind.
struct StoreLock {
    let fd: Int32

    init(in files: StoreDirectory, wait: Bool, mode: Int, create: Bool) throws(StoreError) {
        let path = files.file(JournalStore.lockName)
        guard let descriptor = try files.open(JournalStore.lockName, flags: (create ? O_CREAT : 0) | O_RDWR, mode: mode)
        else { throw StoreError.io(file: path, action: "open the lock file", code: ENOENT) }
        if create { fchmod(descriptor, mode_t(mode)) }
        var waited = 0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, wait, waited < 10_000 else {
                close(descriptor)
                throw StoreError.busy(lockFile: path)
            }
            usleep(5_000)
            waited += 5
        }
        fd = descriptor
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
