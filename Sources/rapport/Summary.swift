import RapportDomain
import RapportStore
import RapportTools

/// What `rapport` prints with no subcommand: the portfolio at a glance and where to go next.
enum Summary {
    static func text(_ store: any PortfolioStore, asOf: Day) -> String {
        let portfolio = store.portfolio
        if portfolio.isEmpty {
            return """
                Your Rapport store is empty (\(store.location)).

                Try it with demo data:     rapport demo
                Or bring your own:         rapport import owners owners.csv
                                           rapport import accounts accounts.csv
                Then run `rapport` again. `rapport --help` lists every command.

                """
        }
        let index = PortfolioIndex(portfolio)
        let tiers = portfolio.tiers(asOf: asOf, index: index)
        let partners = portfolio.partners(asOf: asOf, index: index, tiers: tiers)
        let suppliers = portfolio.suppliers(asOf: asOf, index: index)
        let workload = portfolio.workload(asOf: asOf, index: index, tiers: tiers, suppliers: suppliers)

        func count<T>(_ items: [T], _ predicate: (T) -> Bool) -> Int { items.count(where: predicate) }
        var lines: [String] = []
        lines.append(
            "Rapport: \(portfolio.accounts.count) accounts, \(portfolio.owners.count) owners, "
                + "\(portfolio.interactions.count) interactions (\(store.location))")
        lines.append("As of \(asOf):")
        lines.append("")
        let tierText = tiers.summary.map { "\($0.tier.rawValue) \($0.customers) (\(Format.percent($0.share)))" }.joined(
            separator: ", ")
        lines.append("  Customer tiers    \(tierText) of \(tiers.total.grouped) \(tiers.measure.rawValue)")
        let moved = Movement.allCases.filter { $0 != .same }.map { movement in
            "\(count(tiers.rows) { $0.movement == movement }) \(movement.rawValue)"
        }
        lines.append(
            "  Movement          " + moved.joined(separator: ", ")
                + "; A customers that dropped: \(count(tiers.rows) { $0.previousTier == .A && $0.tier != .A })")
        lines.append(
            "  Partners          \(count(partners) { $0.relationship == .partnership }) partnership, "
                + "\(count(partners) { $0.relationship == .transactional }) transactional; "
                + Quadrant.allCases.map { quadrant in
                    "\(count(partners) { $0.quadrant == quadrant }) \(quadrant.rawValue)"
                }.joined(separator: ", "))
        let keySuppliers = suppliers.filter(\.isKey)
        lines.append(
            "  Suppliers         \(suppliers.count), \(keySuppliers.count) key; "
                + Standing.allCases.map { standing in
                    "\(count(suppliers) { $0.standing == standing }) \(standing.rawValue)"
                }.joined(separator: ", "))
        let overloaded = workload.owners.filter { $0.flags.contains(.overloaded) }
        lines.append(
            "  Owners            \(overloaded.count) overloaded"
                + (overloaded.isEmpty
                    ? "" : " (" + overloaded.map { TerminalText.inert($0.name) }.joined(separator: ", ") + ")")
                + ", \(workload.owners.reduce(0) { $0 + $1.overdueFollowUps }) overdue follow-ups, "
                + "\(workload.unassigned.count) key accounts without an active owner")
        lines.append("")
        lines.append("More: rapport report tiers | partners | suppliers | owners  (--format csv|json, --as-of DATE)")
        lines.append("      rapport log ACCOUNT --channel visit --summary TEXT    (record an interaction)")
        lines.append("Run rapport in a terminal for the dashboard (rapport --print prints this summary).")
        return lines.joined(separator: "\n") + "\n"
    }
}
