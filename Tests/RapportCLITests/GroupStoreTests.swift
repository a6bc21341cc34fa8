import Foundation
import Testing

/// A store a team shares on one server: one group, a setgid directory, group-writable files.
@Suite(.serialized) struct GroupStoreTests {
    static var groupName: String { String(cString: getgrgid(getgid())!.pointee.gr_name) }

    func info(_ path: String) -> stat {
        var result = stat()
        lstat(path, &result)
        return result
    }

    @Test func shareGivesTheGroupEveryFileAndCheckSaysWhenOneLocksATeammateOut() throws {
        let scratch = Scratch()
        try Scratch.demo(scratch)
        #expect(
            try CLI.run(["log", "acc-000001", "--channel", "call", "--summary", "x", "--store", scratch.store]).status
                == 0)
        let shared = try CLI.run(["share", "--group", Self.groupName, "--store", scratch.store])
        #expect(shared.status == 0, "\(shared.err)")
        #expect(shared.out.contains("is shared with the group \(Self.groupName)"))
        let directory = info(scratch.store)
        #expect(directory.st_mode & 0o7777 == 0o2770)
        for name in try FileManager.default.contentsOfDirectory(atPath: scratch.store) {
            let file = info(scratch.store + "/" + name)
            #expect(file.st_mode & 0o777 == 0o660, "\(name)")
            #expect(file.st_gid == getgid(), "\(name)")
        }
        let snapshot = try String(contentsOfFile: scratch.store + "/rapport.json", encoding: .utf8)
        #expect(snapshot.contains("\"fileMode\":432"))
        let clean = try CLI.run(["check", "--store", scratch.store])
        #expect(clean.status == 0)
        #expect(!clean.out.contains("warning"), "\(clean.out)")
        // Files created later get the configured mode whatever the umask: a compaction's history.
        let compacted = try CLI.run([
            "__sh__", "umask 077 && '\(CLI.binary)' compact --store '\(scratch.store)'",
        ])
        #expect(compacted.status == 0, "\(compacted.err)")
        #expect(info(scratch.store + "/history.jsonl").st_mode & 0o777 == 0o660)
        #expect(info(scratch.store + "/journal.jsonl").st_mode & 0o777 == 0o660)
        // A file that the group cannot write is reported, with what to do.
        chmod(scratch.store + "/journal.jsonl", 0o600)
        let locked = try CLI.run(["check", "--store", scratch.store])
        #expect(
            locked.out.contains("warning: \(scratch.store)/journal.jsonl: mode 600; the group cannot write it"),
            "\(locked.out)")
        #expect(locked.out.contains("rapport share --group NAME"))
    }

    @Test func anUnknownGroupIsAUsageError() throws {
        let scratch = Scratch()
        try Scratch.demo(scratch)
        let result = try CLI.run(["share", "--group", "no-such-group-rapport", "--store", scratch.store])
        #expect(result.status == 64)
        #expect(result.err.contains("getent group"))
    }
}
