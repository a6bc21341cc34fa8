import Foundation
import RapportStoreKit

/// A PostgreSQL store as the user names it: `postgresql://user@host:port/database?sslmode=…`,
/// read as libpq reads it, so that the URL a DBA hands out works unchanged. What the URL leaves
/// out comes from `PGUSER`, `PGHOST`, `PGPORT`, `PGDATABASE` and `PGSSLMODE`, then libpq's
/// defaults. The password comes from the URL, else `PGPASSWORD`, else the password file
/// (`PGPASSFILE`, else `~/.pgpass`); it is never part of ``display``.
public struct PostgresLocation: Sendable, Hashable {
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var user: String
    /// A host name or address, or the directory of a Unix socket (starts with `/`).
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode
    /// A file of CA certificates to verify the server with (`sslrootcert`).
    public var rootCertificate: String?
    var password: String?

    /// Whether the server is reached through a Unix socket (no TLS there, as with libpq).
    public var isSocket: Bool { host.hasPrefix("/") }
    public var socketPath: String { host + "/.s.PGSQL.\(port)" }

    /// The URL without a password: what messages and the status line show.
    public var display: String {
        let hostPart = isSocket ? "" : (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        var query: [String] = []
        if isSocket { query += ["host=\(host)", "port=\(port)"] }
        if sslMode != .prefer { query.append("sslmode=\(sslMode.rawValue)") }
        return "postgresql://\(user)@\(hostPart)/\(database)"
            + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    /// Whether `text` names a PostgreSQL store rather than a directory.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        func invalid(_ why: String) -> StoreError {
            .notAStore(
                path: "the store URL",
                reason: why + "; write it as postgresql://USER@HOST:PORT/DATABASE?sslmode=MODE (see `rapport --help`)")
        }
        guard let scheme = url.range(of: "://"), Self.isURL(url) else {
            throw invalid("it does not start with postgresql://")
        }
        var rest = Substring(url[scheme.upperBound...])
        var parameters: [String: String] = [:]
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, let key = Self.decode(parts[0]), let value = Self.decode(parts[1]) else {
                    throw invalid("'\(pair)' is not a KEY=VALUE parameter")
                }
                parameters[key] = value
            }
            rest = rest[..<question]
        }
        let known: Set = [
            "host", "port", "user", "password", "dbname", "sslmode", "sslrootcert", "connect_timeout",
            "application_name",
        ]
        if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw invalid(
                "rapport does not understand the parameter '\(unknown)' (it reads "
                    + known.sorted().joined(separator: ", ") + ")")
        }
        var authority = rest
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }
        var user: String?
        var password: String?
        if let at = authority.lastIndex(of: "@") {
            let info = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = info.firstIndex(of: ":") {
                user = Self.decode(info[..<colon])
                password = Self.decode(info[info.index(after: colon)...])
            } else {
                user = Self.decode(info)
            }
        }
        var host: String?
        var port: String?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("an IPv6 address lacks its ']'") }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { port = String(after.dropFirst()) }
        } else if !authority.isEmpty {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = Self.decode(parts[0])
            if parts.count == 2 { port = String(parts[1]) }
        }
        func nonEmpty(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        self.user =
            nonEmpty(parameters["user"]) ?? nonEmpty(user) ?? nonEmpty(environment["PGUSER"]) ?? StoreUser.current
        self.password = parameters["password"] ?? password
        let defaultSocket = FileManager.default.fileExists(atPath: "/var/run/postgresql") ? "/var/run/postgresql" : nil
        self.host =
            nonEmpty(parameters["host"]) ?? nonEmpty(host) ?? nonEmpty(environment["PGHOST"]) ?? defaultSocket
            ?? "localhost"
        let portText = nonEmpty(parameters["port"]) ?? nonEmpty(port) ?? nonEmpty(environment["PGPORT"]) ?? "5432"
        guard let number = Int(portText), (1...65535).contains(number) else {
            throw invalid("the port '\(portText)' is not a number from 1 to 65535")
        }
        self.port = number
        self.database =
            nonEmpty(parameters["dbname"]) ?? nonEmpty(Self.decode(path)) ?? nonEmpty(environment["PGDATABASE"])
            ?? self.user
        let mode = nonEmpty(parameters["sslmode"]) ?? nonEmpty(environment["PGSSLMODE"]) ?? "prefer"
        guard let sslMode = SSLMode(rawValue: mode) else {
            throw invalid(
                "sslmode '\(mode)' is not one of " + SSLMode.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.sslMode = sslMode
        self.rootCertificate = nonEmpty(parameters["sslrootcert"]) ?? nonEmpty(environment["PGSSLROOTCERT"])
    }

    /// Percent-decoding; nil when malformed.
    static func decode(_ text: Substring) -> String? { String(text).removingPercentEncoding }

    /// The password to sign in with: from the URL, else `PGPASSWORD`, else the password file.
    func resolvedPassword(environment: [String: String]) -> String? {
        if let password { return password }
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        let file =
            environment["PGPASSFILE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass"
        return PasswordFile.lookup(
            file: file, host: isSocket ? "localhost" : host, port: port, database: database, user: user)
    }
}

/// libpq's password file: `hostname:port:database:username:password` lines, `*` matching
/// anything, `\:` and `\\` escaping. As libpq does, a file that others may read is ignored.
enum PasswordFile {
    static func lookup(file: String, host: String, port: Int, database: String, user: String) -> String? {
        var info = stat()
        guard stat(file, &info) == 0, info.st_mode & 0o077 == 0,
            let text = try? String(contentsOfFile: file, encoding: .utf8)
        else { return nil }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = split(line)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    static func split(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
