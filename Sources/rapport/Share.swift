import ArgumentParser
import Foundation
import RapportStore

struct Share: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set up a store that a team shares on one server.",
        discussion: """
            Gives GROUP the store directory and every file in it, makes the directory setgid and \
            group-writable (2770) so that files created later get the group too, sets every file to \
            0660, and writes settings.fileMode 432 (0660) so that Rapport keeps creating files that \
            way. Run it as the store's owner, once; `rapport check` then reports any file that would \
            lock a teammate out.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "The group whose members share the store (see `getent group`).") var group: String

    func run() throws {
        guard let entry = getgrnam(group) else {
            throw CLI.fail(
                "there is no group '\(group)'; `getent group` lists them, and `groupadd` (as root) makes one",
                code: CLI.usage)
        }
        let gid = entry.pointee.gr_gid
        _ = try store.directory(for: "share")
        let opened = try store.open()
        do {
            try opened.share(group: gid)
        } catch StoreError.io(let file, _, let code) where code == EPERM {
            throw CLI.fail(
                "cannot give \(file) to the group \(group): only its owner (or root) can, and only for a group they are in",
                code: CLI.ioError)
        } catch {
            try CLI.run { throw error }
        }
        CLI.say(
            "\(opened.location) is shared with the group \(group): directory 2770 (setgid), files 0660. "
                + "Teammates in \(group) can use it with --store \(opened.location) (or RAPPORT_STORE).")
    }
}
