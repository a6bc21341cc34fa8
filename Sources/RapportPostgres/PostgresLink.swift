import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import RapportStoreKit

/// One connection to the server, used from one thread at a time and synchronously: the store
/// seam is synchronous, and each call here waits for its reply (a round trip on a local server
/// is a fraction of a millisecond).
final class PostgresLink {
    let connection: PostgresConnection
    let location: PostgresLocation
    static let logger = Logger(label: "rapport.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    private init(connection: PostgresConnection, location: PostgresLocation) {
        self.connection = connection
        self.location = location
    }

    // The connection must be closed before it is freed (postgres-nio checks).
    deinit { _ = try? connection.close().wait() }

    /// Connects and signs in; every failure as a ``StoreError`` in words, never with the password.
    static func connect(
        _ location: PostgresLocation, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StoreError) -> PostgresLink {
        let password = location.resolvedPassword(environment: environment)
        var configuration: PostgresConnection.Configuration
        if location.isSocket {
            configuration = .init(
                unixSocketPath: location.socketPath, username: location.user, password: password,
                database: location.database)
        } else {
            configuration = .init(
                host: location.host, port: location.port, username: location.user, password: password,
                database: location.database, tls: try tls(location))
        }
        // A server that does not answer fails the open in seconds, not at TCP's minutes.
        configuration.options.connectTimeout = .seconds(5)
        do {
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 1, logger: logger
            ).wait()
            return PostgresLink(connection: connection, location: location)
        } catch {
            throw describe(error, location: location, signingIn: true)
        }
    }

    static func tls(_ location: PostgresLocation) throws(StoreError) -> PostgresConnection.Configuration.TLS {
        var settings = TLSConfiguration.makeClientConfiguration()
        switch location.sslMode {
        case .disable, .allow: return .disable
        case .prefer, .require: settings.certificateVerification = .none
        case .verifyCA: settings.certificateVerification = .noHostnameVerification
        case .verifyFull: settings.certificateVerification = .fullVerification
        }
        if let file = location.rootCertificate ?? defaultRootCertificate(), location.sslMode.verifies {
            settings.trustRoots = .file(file)
        }
        do {
            let context = try NIOSSLContext(configuration: settings)
            return location.sslMode == .prefer ? .prefer(context) : .require(context)
        } catch {
            throw .unreachable(store: location.display, reason: "TLS could not be set up: \(error)")
        }
    }

    /// libpq's `~/.postgresql/root.crt`, when there is one.
    static func defaultRootCertificate() -> String? {
        let file = NSHomeDirectory() + "/.postgresql/root.crt"
        return FileManager.default.fileExists(atPath: file) ? file : nil
    }

    var isClosed: Bool { connection.isClosed }

    /// A value bound to a statement's `$N`.
    enum Bind {
        case int(Int)
        case text(String)
        case ints([Int])
        case texts([String])
    }

    /// A statement with its values bound as `$1`, `$2`… in order (never spliced into the text).
    static func sql(_ text: String, _ binds: Bind...) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            switch bind {
            case .int(let value): bindings.append(value)
            case .text(let value): bindings.append(value)
            case .ints(let value): bindings.append(value)
            case .texts(let value): bindings.append(value)
            }
        }
        return PostgresQuery(unsafeSQL: text, binds: bindings)
    }

    /// Runs `query` and returns its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) throws(StoreError) -> [PostgresRow] {
        do {
            return Array(try connection.query(query, logger: Self.logger).wait())
        } catch {
            throw Self.describe(error, location: location)
        }
    }

    /// Runs `query`, handing each row to `body` as it arrives (on the connection's thread), and
    /// returns once all have been handed over.
    func stream(_ query: PostgresQuery, _ body: @escaping @Sendable (PostgresRow) throws -> Void) throws(StoreError) {
        do {
            _ = try connection.query(query, logger: Self.logger, body).wait()
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.describe(error, location: location)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// Serialization failures and deadlocks (which the server resolves by failing one side) are
    /// retried, up to five times.
    func transaction<T>(_ begin: PostgresQuery = "BEGIN", _ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            try rows(begin)
            do {
                let result = try body()
                try rows("COMMIT")
                return result
            } catch {
                if !isClosed { _ = try? rows("ROLLBACK") }
                if attempt < 5, case StoreError.notAStore(_, let reason) = error, Self.retryable(reason) { continue }
                throw error
            }
        }
    }

    static func retryable(_ reason: String) -> Bool {
        reason.hasSuffix("(SQLSTATE 40001)") || reason.hasSuffix("(SQLSTATE 40P01)")
    }

    /// A server's or the network's error, in words, as the ``StoreError`` whose exit code fits it.
    static func describe(_ error: any Error, location: PostgresLocation, signingIn: Bool = false) -> StoreError {
        let store = location.display
        guard let error = error as? PSQLError else {
            if error is NIOSSLError || "\(type(of: error))".contains("SSL") {
                return .unreachable(store: store, reason: "TLS was refused: \(error); check sslmode and sslrootcert")
            }
            return .unreachable(store: store, reason: "\(error)")
        }
        let sqlState = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? ""
        switch error.code {
        case .server:
            switch sqlState {
            case "28P01", "28000":
                let source =
                    location.password != nil
                    ? "the URL's password" : "PGPASSWORD or ~/.pgpass (chmod 600), or the URL"
                return .unreachable(
                    store: store,
                    reason:
                        "the server refused to sign in \(location.user): \(message); check the user and the password (\(source))"
                )
            case "3D000":
                return .notAStore(
                    path: store,
                    reason:
                        "\(message); create it (createdb \(location.database)) or correct the database in the URL")
            case "42501":
                return .readOnly(
                    store: store,
                    reason:
                        "your database role (\(location.user)) may not change this store: \(message); ask the store's owner to grant it write access"
                )
            case "57P01", "57P02", "57P03", "53300":
                return .unreachable(store: store, reason: message)
            default:
                return .notAStore(path: store, reason: "the server refused: \(message) (SQLSTATE \(sqlState))")
            }
        case .sslUnsupported:
            return .unreachable(
                store: store,
                reason:
                    "the server does not offer TLS and sslmode=\(location.sslMode.rawValue) requires it; turn ssl on in the server, or use sslmode=prefer on a network you trust"
            )
        case .failedToAddSSLHandler:
            return .unreachable(store: store, reason: "TLS was refused: \(error.underlying.map { "\($0)" } ?? "")")
        case .authMechanismRequiresPassword:
            return .unreachable(
                store: store,
                reason:
                    "the server wants a password for \(location.user) and none was given; set PGPASSWORD, add a line to ~/.pgpass (chmod 600), or put it in the URL"
            )
        case .saslError:
            return .unreachable(
                store: store, reason: "the server refused to sign in \(location.user); check the password")
        case .unsupportedAuthMechanism:
            return .unreachable(
                store: store,
                reason:
                    "the server asks for a sign-in method rapport lacks; use scram-sha-256, md5 or password in pg_hba.conf"
            )
        case .connectionError:
            let underlying = error.underlying.map { "\($0)" } ?? "no reason given"
            if underlying.contains("SSL") || underlying.contains("certificate") {
                return .unreachable(
                    store: store, reason: "TLS was refused: \(underlying); check sslmode and sslrootcert")
            }
            let place = location.isSocket ? location.socketPath : "\(location.host):\(location.port)"
            return .unreachable(
                store: store,
                reason:
                    "could not connect to \(place) (\(underlying)); is the server running, and the host and port right?"
            )
        default:
            return .unreachable(
                store: store,
                reason: signingIn ? "the server closed the connection while signing in" : "the connection was lost")
        }
    }
}

extension PostgresLocation.SSLMode {
    var verifies: Bool { self == .verifyCA || self == .verifyFull }
}
