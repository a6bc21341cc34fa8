import Foundation

/// Where the store lives: `--store PATH`, else `$RAPPORT_STORE`, else `$XDG_DATA_HOME/rapport`,
/// else `~/.local/share/rapport`.
public enum StoreLocation {
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        if let flag, !flag.isEmpty { return absolute(flag) }
        if let path = environment["RAPPORT_STORE"], !path.isEmpty { return absolute(path) }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/rapport" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/rapport"
    }

    static func absolute(_ path: String) -> String {
        var path = path
        if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            path = home + path.dropFirst(1)
        }
        if !path.hasPrefix("/") { path = FileManager.default.currentDirectoryPath + "/" + path }
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
