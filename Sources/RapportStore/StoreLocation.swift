import Foundation

/// Where the store lives: `--store PATH`, else `$RAPPORT_STORE`, else `store =` in config.toml,
/// else `$XDG_DATA_HOME/rapport`, else `~/.local/share/rapport`. A `postgresql://` URL is
/// returned as it is; a path is made absolute.
public enum StoreLocation {
    public static func resolve(
        flag: String?, configured: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        for named in [flag, environment["RAPPORT_STORE"], configured] {
            guard let named, !named.isEmpty else { continue }
            return named.hasPrefix("postgresql://") || named.hasPrefix("postgres://") ? named : absolute(named)
        }
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
