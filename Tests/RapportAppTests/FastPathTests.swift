import Foundation
import Testing

@testable import RapportApp
@testable import RapportDomain

/// The fast paths must give exactly what the Foundation calls they replace give.
@Suite struct FastPathTests {
    @Test func foldingMatchesFoundationForEveryLatinScalarAndSampleNames() {
        let options: String.CompareOptions = [.caseInsensitive, .diacriticInsensitive, .widthInsensitive]
        for value in 0..<0x370 {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let text = "a" + String(Character(scalar)) + "Z"
            #expect(TextFold.fold(text) == text.folding(options: options, locale: nil), "U+\(String(value, radix: 16))")
        }
        let names = [
            "Kontorsmöbler Väst AB", "Järnvaror Skåne & Söner AB", "成都包装材料有限公司", "PT Maju Jaya Industri",
            "Brücken Logistics GmbH", "Ærø Façade Œuvre", "Łódź Straße", "e\u{301}cole", "서울물산", "ＡＢＣ Ｔｒａｄｉｎｇ",
            "Ελληνικά", "Đặng Việt", "ﾃｽﾄ", "🚚 Fast Freight", "",
        ]
        for name in names {
            #expect(TextFold.fold(name) == name.folding(options: options, locale: nil), "\(name)")
        }
        // The edges of the three-byte ranges copied as they are, and their neighbours.
        let edges: [UInt32] = [
            0x7FF, 0x800, 0x33FF, 0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00, 0x9FFF, 0xA000, 0xABFF, 0xAC00, 0xD7A3,
            0xD7A4,
            0xFF21, 0xFFFD, 0x1F69A, 0x20000,
        ]
        for value in edges {
            let text = "Ab" + String(Character(Unicode.Scalar(value)!)) + "Ö"
            #expect(TextFold.fold(text) == text.folding(options: options, locale: nil), "U+\(String(value, radix: 16))")
        }
    }

    @Test func byteSearchFindsWhatContainsFinds() {
        let texts = [
            "kontorsmobler vast ab\u{1F}retail\u{1F}nordics", "成都包装材料有限公司\u{1F}成都", "aaab", "abab", "", "a",
            "pt maju jaya\u{1F}\u{1F}", "ærø façade", "서울물산 seoul",
        ]
        var parts = ["", "a", "ab", "aab", "aaab", "aaaab", "b", "包装", "有限公司", "成都x", "\u{1F}", "ø f", "물산", "ul"]
        for text in texts {
            let characters = Array(text)
            for start in characters.indices {
                for end in start...characters.count { parts.append(String(characters[start..<end])) }
            }
        }
        for text in texts {
            // Foundation finds no empty string; an empty filter here matches everything.
            #expect(Dashboard.contains(text, ""))
            for part in parts where !part.isEmpty {
                #expect(Dashboard.contains(text, part) == text.contains(part), "\(text) / \(part)")
            }
        }
        #expect(
            Dashboard.contains("abc", "abc") && !Dashboard.contains("ab", "abc") && Dashboard.contains("xabc", "bc"))
        // One buffer of rows gives, for each part, the rows a per-row search gives.
        let rows = texts + ["", "aab", "ab", "成都"] + texts
        let column = SearchColumn(rows)
        for part in parts where !part.isEmpty {
            #expect(column.rows(containing: part) == rows.indices.filter { rows[$0].contains(part) }, "\(part)")
        }
        #expect(column.rows(containing: "") == Array(rows.indices))
        #expect(column.rows(containing: "a\u{0}a").isEmpty)
        #expect(SearchColumn([]).rows(containing: "a").isEmpty)
        // A list's rows, long enough to be gathered in two halves and joined.
        let copies = 1_000
        let sortables = (0..<copies).flatMap { _ in rows.map { Sortable(row: TableRow(id: $0, cells: []), keys: []) } }
        let long = SearchColumn(sortables) { $0.row.id }
        for part in ["a", "ab", "包装", "\u{1F}", "ul", "x"] {
            let once = column.rows(containing: part)
            let expected = (0..<copies).flatMap { copy in once.map { copy * rows.count + $0 } }
            #expect(long.rows(containing: part) == expected, "\(part)")
        }
        #expect(long.rows(containing: "").count == sortables.count)
    }

    /// Ranking distinct keys and dealing rows into buckets orders rows as a stable sort by key does.
    /// Building rows and sorting positions on both cores give what one core gives, in order,
    /// equal keys keeping their order; short lists stay on one core.
    @Test func workSplitAcrossCoresKeepsOrder() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 7, 19_999, 20_000, 45_001] {
            let keys = (0..<count).map { _ in Int.random(in: 0..<50, using: &generator) }
            #expect(Concurrently.map(keys) { "\($0)" } == keys.map { "\($0)" }, "\(count)")
            let sorted = Concurrently.sortedPositions(count) { keys[$0] < keys[$1] }
            let stable = keys.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
            #expect(sorted == stable, "\(count)")
        }
    }

    /// The ranks of rows whose second sort key is `keys`' (the first is there to be skipped).
    static func ranks(_ keys: [SortKey]) -> SortRanks {
        SortRanks(keys.map { Sortable(row: TableRow(id: "", cells: []), keys: [.number(0), $0]) }, column: 1)
    }

    @Test func sortOrderEqualsAStableSort() {
        var generator = SystemRandomNumberGenerator()
        let texts = ["", "a", "b", "ab", "Zoë", "zoe", "成都", "\u{10FFFF}", "e\u{301}", "\u{E9}"]
        for round in 0..<60 {
            // 25,000 rows: split between two cores.
            let count = [0, 1, 2, 50, 400, 25_000][round % 6]
            let keys: [SortKey] = (0..<count).map { _ in
                Bool.random(using: &generator)
                    ? .text(texts.randomElement(using: &generator)!)
                    : .number(Double(Int.random(in: -3...3, using: &generator)) / 2)
            }
            let ranks = Self.ranks(keys)
            // Every row, or the rows a filter kept (in their order, some of them).
            let subset = keys.indices.filter { _ in Bool.random(using: &generator) }
            for reversed in [false, true] {
                for positions in [nil, subset] {
                    let expected = (positions ?? Array(keys.indices)).sorted { a, b in
                        if keys[a] != keys[b] { return reversed ? keys[b] < keys[a] : keys[a] < keys[b] }
                        return a < b
                    }
                    #expect(
                        ranks.order(positions, reversed: reversed) == expected, "\(keys.prefix(50)) \(reversed)")
                }
            }
        }
        // A NaN has no place in the order: such rows go last, in their order, reversed or not.
        let withNaN: [SortKey] = [.number(.nan), .number(2), .number(1), .number(.nan)]
        #expect(Self.ranks(withNaN).order(nil, reversed: false) == [2, 1, 0, 3])
        #expect(Self.ranks(withNaN).order(nil, reversed: true) == [1, 2, 0, 3])
        #expect(Self.ranks(withNaN).order([3, 2, 0], reversed: true) == [2, 3, 0])
    }

    @Test func oneDecimalMatchesPrintf() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.05, 0.15, 0.25, 0.35, 1.45, 2.5, 99.95, 100, -3.25, 62.5, 49.55, 1e20]
        for _ in 0..<20_000 { values.append(Double.random(in: -1000...1000, using: &generator)) }
        for _ in 0..<2_000 { values.append(Double(Int.random(in: -20_000...20_000, using: &generator)) / 200) }
        for value in values {
            #expect(one(value) == String(format: "%.1f", value), "\(value)")
            #expect(percent(value / 100) == String(format: "%.1f%%", value / 100 * 100), "\(value)")
        }
    }
}

@Suite struct IncrementalDashboardTests {
    /// Each kind of edit, applied to the fixture: the reused dashboard must equal a fresh one.
    /// Records a new sale.
    static func sell(_ portfolio: inout Portfolio, _ id: String, to accountId: String, on date: Day, cents: Int64)
        throws
    {
        try portfolio.apply(
            .put(.sale(Sale(id: id, accountId: accountId, date: date, amount: Money(cents: cents))), base: nil))
    }

    static let edits: [(String, @Sendable (inout Portfolio) throws -> Void)] = [
        (
            "log an interaction",
            { portfolio in
                let account = portfolio.accounts.keys.sorted()[3]
                try portfolio.apply(
                    .put(
                        .interaction(
                            Interaction(
                                id: "int-new", accountId: account, date: Day("2026-06-20")!, channel: .visit,
                                kind: .commitment,
                                summary: "x", followUp: Day("2026-06-25")!)), base: nil))
            }
        ),
        (
            "rate an account",
            { portfolio in
                var account = portfolio.accounts.values.sorted { $0.id < $1.id }.first { $0.isCustomer }!
                account.ratings.inputCost = account.ratings.inputCost == 5 ? 1 : 5
                try portfolio.apply(.put(.account(account), base: account.version))
            }
        ),
        (
            "rename an account",
            { portfolio in
                var account = portfolio.accounts.values.sorted { $0.id < $1.id }[7]
                account.name = "Renamed Kontorsmöbler"
                try portfolio.apply(.put(.account(account), base: account.version))
            }
        ),
        (
            "add a sale",
            { portfolio in
                let account = portfolio.accounts.values.sorted { $0.id < $1.id }.first { $0.isCustomer }!
                try Self.sell(&portfolio, "sal-new", to: account.id, on: Day("2026-06-01")!, cents: 99_000_000)
            }
        ),
        (
            "a large sale lifts an owned tier-C customer into tier A",
            { portfolio in
                let tiers = portfolio.tiers(asOf: Fixture.asOf)
                let row = tiers.rows.first { $0.tier == .C && portfolio.accounts[$0.accountId]?.ownerId != nil }!
                try Self.sell(
                    &portfolio, "sal-lift", to: row.accountId, on: Fixture.asOf.adding(days: -10),
                    cents: tiers.total.cents)
            }
        ),
        (
            "deleting an owned tier-A customer's sales drops it out of tier A",
            { portfolio in
                let tiers = portfolio.tiers(asOf: Fixture.asOf)
                let row = tiers.rows.first { $0.tier == .A && portfolio.accounts[$0.accountId]?.ownerId != nil }!
                for sale in portfolio.sales.values where sale.accountId == row.accountId {
                    try portfolio.apply(.delete(.sale, id: sale.id, base: sale.version))
                }
            }
        ),
        (
            "a sale in the year before moves previous tiers (ranked afresh)",
            { portfolio in
                let row = portfolio.tiers(asOf: Fixture.asOf).rows.last!
                try Self.sell(
                    &portfolio, "sal-old", to: row.accountId, on: Fixture.asOf.adding(months: -18), cents: 50_000_000)
            }
        ),
        (
            "sales to two customers, one of them noted and the other's sale deleted",
            { portfolio in
                let rows = portfolio.tiers(asOf: Fixture.asOf).rows
                var noted = portfolio.accounts[rows[rows.count / 2].accountId]!
                noted.notes = "Asked for a volume discount"
                try portfolio.apply(.put(.account(noted), base: noted.version))
                try Self.sell(&portfolio, "sal-mid", to: noted.id, on: Fixture.asOf.adding(days: -3), cents: 7_000_000)
                let top = portfolio.sales.values.filter { $0.accountId == rows[0].accountId }.min { $0.id < $1.id }!
                try portfolio.apply(.delete(.sale, id: top.id, base: top.version))
            }
        ),
        (
            "a sale to a customer that is renamed too (ranked afresh)",
            { portfolio in
                var account = portfolio.accounts[portfolio.tiers(asOf: Fixture.asOf).rows[3].accountId]!
                account.name = "Ångström Återförsäljning AB"
                try portfolio.apply(.put(.account(account), base: account.version))
                try Self.sell(
                    &portfolio, "sal-renamed", to: account.id, on: Fixture.asOf.adding(days: -1), cents: 1_000)
            }
        ),
        (
            "add a purchase",
            { portfolio in
                let account = portfolio.accounts.values.sorted { $0.id < $1.id }.first { $0.isSupplier }!
                try portfolio.apply(
                    .put(
                        .purchase(
                            Purchase(
                                id: "pur-new", accountId: account.id, date: Day("2026-06-01")!,
                                amount: Money(cents: 5_000_000))), base: nil))
            }
        ),
        (
            "add a contact",
            { portfolio in
                let account = portfolio.accounts.keys.sorted()[2]
                try portfolio.apply(.put(.contact(Contact(id: "con-new", accountId: account, name: "李娜")), base: nil))
            }
        ),
        (
            "deactivate an owner",
            { portfolio in
                var owner = portfolio.owners.values.sorted { $0.id < $1.id }[0]
                owner.active = false
                try portfolio.apply(.put(.owner(owner), base: owner.version))
            }
        ),
        (
            "rename an owner",
            { portfolio in
                var owner = portfolio.owners.values.sorted { $0.id < $1.id }[1]
                owner.name = "Åsa Öberg-Renamed"
                try portfolio.apply(.put(.owner(owner), base: owner.version))
            }
        ),
        ("change a setting", { portfolio in portfolio.settings.staleDays = 30 }),
        (
            "move a sale to another customer",
            { portfolio in
                var sale = portfolio.sales.values.sorted { $0.id < $1.id }[5]
                let other = portfolio.accounts.values.sorted { $0.id < $1.id }.last {
                    $0.isCustomer && $0.id != sale.accountId
                }!
                sale.accountId = other.id
                try portfolio.apply(.put(.sale(sale), base: sale.version))
            }
        ),
        (
            "delete an interaction and edit another",
            { portfolio in
                let ordered = portfolio.interactions.values.sorted { $0.id < $1.id }
                try portfolio.apply(.delete(.interaction, id: ordered[0].id, base: ordered[0].version))
                var edited = ordered[1]
                edited.date = Day("2020-01-01")!
                try portfolio.apply(.put(.interaction(edited), base: edited.version))
            }
        ),
        (
            "log a visit to a supplier",
            { portfolio in
                let supplier = IncrementalDashboardTests.supplier(portfolio, 0)
                try portfolio.apply(
                    .put(
                        .interaction(
                            Interaction(
                                id: "int-sup", accountId: supplier.id, date: Day("2026-06-29")!, channel: .visit,
                                summary: "plant tour")), base: nil))
            }
        ),
        (
            "reassign a supplier's owner",
            { portfolio in
                var supplier = IncrementalDashboardTests.supplier(portfolio, 1)
                supplier.ownerId = portfolio.owners.keys.sorted().first { $0 != supplier.ownerId }
                try portfolio.apply(.put(.account(supplier), base: supplier.version))
            }
        ),
        (
            "make a supplier strategic",
            { portfolio in
                var supplier = IncrementalDashboardTests.supplier(portfolio, 2)
                supplier.ratings.profitImpact = 5
                supplier.ratings.supplyRisk = 5
                try portfolio.apply(.put(.account(supplier), base: supplier.version))
            }
        ),
        (
            "score a supplier's month",
            { portfolio in
                let supplier = IncrementalDashboardTests.supplier(portfolio, 3)
                let scores: [Criterion: Double] = [.quality: 12, .delivery: 9, .price: 40]
                if var latest = portfolio.evaluations.values.filter({ $0.accountId == supplier.id })
                    .max(by: { $0.period < $1.period })
                {
                    latest.scores = scores
                    try portfolio.apply(.put(.evaluation(latest), base: latest.version))
                } else {
                    let evaluation = SupplierEvaluation(
                        id: "eva-new", accountId: supplier.id, period: YearMonth(year: 2026, month: 6)!,
                        scores: scores)
                    try portfolio.apply(.put(.evaluation(evaluation), base: nil))
                }
            }
        ),
        (
            "log an overdue follow-up with a key account, owned by another",
            { portfolio in
                let workload = Dashboard(portfolio: portfolio, asOf: Fixture.asOf).workload
                let key = try #require(workload.owners.first { !$0.keyAccounts.isEmpty }?.keyAccounts.first)
                let other = portfolio.owners.keys.sorted().first { $0 != key.ownerId }
                try portfolio.apply(
                    .put(
                        .interaction(
                            Interaction(
                                id: "int-due", accountId: key.accountId, date: Day("2026-05-02")!, channel: .meeting,
                                summary: "send the contract", ownerId: other, followUp: Day("2026-05-09")!)),
                        base: nil))
            }
        ),
        (
            "a sale, and an overdue follow-up logged with a key account in the same step",
            { portfolio in
                let workload = Dashboard(portfolio: portfolio, asOf: Fixture.asOf).workload
                let key = try #require(workload.owners.first { !$0.keyAccounts.isEmpty }?.keyAccounts.first)
                let customer = try #require(portfolio.tiers(asOf: Fixture.asOf).rows.last)
                try Self.sell(
                    &portfolio, "sal-with-call", to: customer.accountId, on: Fixture.asOf.adding(days: -2),
                    cents: 12_345)
                try portfolio.apply(
                    .put(
                        .interaction(
                            Interaction(
                                id: "int-due-too", accountId: key.accountId, date: Day("2026-05-02")!,
                                channel: .call, summary: "chase the order", ownerId: key.ownerId,
                                followUp: Day("2026-05-09")!)),
                        base: nil))
            }
        ),
        (
            "close every overdue follow-up of a key account",
            { portfolio in
                let asOf = Fixture.asOf
                let overdue = portfolio.interactions.values.filter { $0.isOverdue(asOf: asOf) }.sorted { $0.id < $1.id }
                let workload = Dashboard(portfolio: portfolio, asOf: asOf).workload
                let keys = Set(workload.owners.flatMap(\.keyAccounts).map(\.accountId))
                let account = try #require(overdue.first { keys.contains($0.accountId) }?.accountId)
                for interaction in overdue where interaction.accountId == account {
                    var closed = interaction
                    closed.done = true
                    try portfolio.apply(.put(.interaction(closed), base: closed.version))
                }
            }
        ),
        (
            "reassign a customer and note why",
            { portfolio in
                var customer = portfolio.accounts.values.filter { $0.isCustomer && !$0.isArchived }
                    .sorted { $0.id < $1.id }[4]
                customer.ownerId = portfolio.owners.keys.sorted().first { $0 != customer.ownerId }
                customer.notes += "\nHanded over after the reorganisation."
                try portfolio.apply(.put(.account(customer), base: customer.version))
            }
        ),
        (
            "hand two key accounts to another owner and unassign a third",
            { portfolio in
                let workload = Dashboard(portfolio: portfolio, asOf: Fixture.asOf).workload
                let owner = try #require(workload.owners.first { $0.keyAccounts.count >= 3 })
                let other = try #require(portfolio.owners.keys.sorted().first { $0 != owner.ownerId })
                for (offset, key) in owner.keyAccounts.prefix(3).enumerated() {
                    var account = try #require(portfolio.accounts[key.accountId])
                    account.ownerId = offset < 2 ? other : nil
                    try portfolio.apply(.put(.account(account), base: account.version))
                }
                // And one unassigned key account gets an owner.
                if let key = workload.unassigned.first, var account = portfolio.accounts[key.accountId] {
                    account.ownerId = owner.ownerId
                    try portfolio.apply(.put(.account(account), base: account.version))
                }
            }
        ),
        (
            "make a customer a supplier too, and add a supplier",
            { portfolio in
                var customer = portfolio.accounts.values.filter { $0.isCustomer && !$0.isSupplier }
                    .sorted { $0.id < $1.id }[6]
                customer.roles = [.customer, .supplier]
                try portfolio.apply(.put(.account(customer), base: customer.version))
                try portfolio.apply(
                    .put(.account(Account(id: "acc-new", name: "Ödegaard Verktyg AB", roles: [.supplier])), base: nil))
            }
        ),
        (
            "tag a customer",
            { portfolio in
                var customer = portfolio.accounts.values.filter { $0.isCustomer && !$0.isArchived }
                    .sorted { $0.id < $1.id }[5]
                customer.tags.append("renewal")
                try portfolio.apply(.put(.account(customer), base: customer.version))
            }
        ),
        (
            "archive a supplier",
            { portfolio in
                var supplier = IncrementalDashboardTests.supplier(portfolio, 4)
                supplier.status = .archived
                try portfolio.apply(.put(.account(supplier), base: supplier.version))
            }
        ),
        (
            "rename a supplier",
            { portfolio in
                var supplier = IncrementalDashboardTests.supplier(portfolio, 5)
                supplier.name = "Aaa Renamed Supply"
                try portfolio.apply(.put(.account(supplier), base: supplier.version))
            }
        ),
    ]

    /// After each edit every list shows what a state opened on the edited data shows, though
    /// lists whose analytics the edit reused keep the rows built before (filtered, to use the
    /// cached search text too); and logging an interaction keeps the tiers and partners rows.
    @Test(arguments: edits.indices)
    func listsAfterAnEditEqualFreshOnes(_ index: Int) throws {
        let (name, edit) = Self.edits[index]
        var after = Fixture.portfolio
        try edit(&after)
        for filter in ["", "a", "李娜"] {
            var state = Fixture.state(width: 120, height: 40)
            for list in ListID.allCases { state[list].filter = filter }
            for list in ListID.allCases { _ = state.model(list) }
            let inputs = ListID.allCases.map { state.inputs(of: $0) }
            _ = state.update(.dataChanged(after))
            var fresh = Fixture.state(width: 120, height: 40, portfolio: after)
            for list in ListID.allCases { fresh[list].filter = filter }
            for list in ListID.allCases {
                #expect(state.model(list).rows == fresh.model(list).rows, "\(name): \(list), filter '\(filter)'")
            }
            if name.hasPrefix("log a") || name == "reassign a customer and note why" {
                #expect(state.inputs(of: .tiers) == inputs[0] && state.inputs(of: .partners) == inputs[1], "\(name)")
                #expect(state.inputs(of: .owners) != inputs[2], "\(name)")
            }
        }
    }

    /// An accounts list built a few edits ago (they were made on another pane) is patched with
    /// every change since, not rebuilt, and equals a fresh one.
    @Test func anAccountsListBuiltEditsAgoIsPatched() throws {
        let chain = [
            "log an interaction", "reassign a supplier's owner", "score a supplier's month", "tag a customer",
            "log a visit to a supplier", "reassign a customer and note why",
        ]
        var portfolio = Fixture.portfolio
        var state = Fixture.state(width: 120, height: 40)
        _ = state.model(.accounts)
        for name in chain {
            let edit = try #require(Self.edits.first { $0.0 == name }?.1)
            try edit(&portfolio)
            _ = state.update(.dataChanged(portfolio))
            _ = state.model(.tiers)
            #expect(!state.dashboard.changes.isEmpty, "\(name) cannot be patched")
        }
        #expect(state.dashboard.changes.count == chain.count)
        let patches = state.cache.patchCount
        let fresh = Fixture.state(width: 120, height: 40, portfolio: portfolio)
        #expect(state.model(.accounts).rows == fresh.model(.accounts).rows)
        #expect(state.cache.patchCount == patches + 1)
        // Under a filter and a sort too.
        state[.accounts].filter = "a"
        state[.accounts].sortColumn = 1
        var freshSorted = fresh
        freshSorted[.accounts].filter = "a"
        freshSorted[.accounts].sortColumn = 1
        #expect(state.model(.accounts).rows == freshSorted.model(.accounts).rows)
    }

    /// Sales that move customers across the tier-A line update the workload in place: the
    /// customers that became or stopped being tier A move in or out of their owners' key
    /// accounts, and the owners' customer value follows the sales.
    @Test func salesAcrossTheTierALineMoveKeyAccounts() throws {
        for name in [
            "a large sale lifts an owned tier-C customer into tier A",
            "deleting an owned tier-A customer's sales drops it out of tier A",
        ] {
            let edit = try #require(Self.edits.first { $0.0 == name }?.1)
            let before = Fixture.portfolio
            let old = Dashboard(portfolio: before, asOf: Fixture.asOf)
            var after = before
            try edit(&after)
            let reused = Dashboard(portfolio: after, asOf: Fixture.asOf, previous: (before, old))
            let tierA = { (dashboard: Dashboard) in Set(dashboard.tiers.rows.filter { $0.tier == .A }.map(\.accountId))
            }
            #expect(tierA(reused) != tierA(old), "\(name): nobody crossed the line")
            let keys = { (dashboard: Dashboard) in
                Set(dashboard.workload.owners.flatMap(\.keyAccounts).filter(\.isTierACustomer).map(\.accountId))
            }
            #expect(keys(reused) != keys(old), "\(name)")
            #expect(reused.workload == Dashboard(portfolio: after, asOf: Fixture.asOf).workload, "\(name)")
            #expect(reused.workload.owners.map(\.customerValue) != old.workload.owners.map(\.customerValue))
        }
    }

    @Test func tierChangesAreFoundWhereRowsMovedOrLeft() throws {
        let before = Fixture.portfolio
        let old = before.tiers(asOf: Fixture.asOf)
        let top = old.rows[0]
        var after = before
        // The top customer archived: it leaves the ranking, and everyone moves up a place.
        var archived = try #require(after.accounts[top.accountId])
        archived.status = .archived
        try after.apply(.put(.account(archived), base: archived.version))
        let new = after.tiers(asOf: Fixture.asOf)
        let tierA = { (report: TierReport) in Set(report.rows.filter { $0.tier == .A }.map(\.accountId)) }
        let expected = tierA(old).symmetricDifference(tierA(new))
        #expect(expected.contains(top.accountId))
        func tierAMoves(_ from: TierReport, _ to: TierReport) -> Set<String> {
            Dashboard.tiersChanged(RowIndex(from.rows), RowIndex(to.rows)) { $0 == .A }
        }
        #expect(tierAMoves(old, new) == expected)
        #expect(tierAMoves(new, old) == expected)
        #expect(tierAMoves(old, old).isEmpty)
        // Any tier: the archived customer, and those whose tier the new total moved.
        let tiers = { (report: TierReport) in
            Dictionary(uniqueKeysWithValues: report.rows.map { ($0.accountId, $0.tier) })
        }
        let (was, now) = (tiers(old), tiers(new))
        let moved = Set(was.keys).union(now.keys).filter { was[$0] != now[$0] }
        #expect(moved.count > 1)
        #expect(Dashboard.tiersChanged(RowIndex(old.rows), RowIndex(new.rows)) { $0 } == moved)
    }

    /// A key account with an overdue follow-up (attributed through the account) handed to an
    /// owner who is inactive: the follow-up moves with it, and it shows as unassigned too.
    @Test func aKeyAccountHandedToAnInactiveOwnerMovesWithItsFollowUps() throws {
        var before = Fixture.portfolio
        let workload = Dashboard(portfolio: before, asOf: Fixture.asOf).workload
        let from = try #require(workload.owners.first { !$0.keyAccounts.isEmpty })
        let key = try #require(from.keyAccounts.first)
        var inactive = try #require(before.owners.values.sorted { $0.id < $1.id }.first { $0.id != from.ownerId })
        inactive.active = false
        try before.apply(.put(.owner(inactive), base: inactive.version))
        try before.apply(
            .put(
                .interaction(
                    Interaction(
                        id: "int-late", accountId: key.accountId, date: Day("2026-04-01")!, channel: .call,
                        summary: "quote", followUp: Day("2026-04-08")!)), base: nil))
        let old = Dashboard(portfolio: before, asOf: Fixture.asOf)
        var after = before
        var account = try #require(after.accounts[key.accountId])
        account.ownerId = inactive.id
        try after.apply(.put(.account(account), base: account.version))
        let reused = Dashboard(portfolio: after, asOf: Fixture.asOf, previous: (before, old))
        let fresh = Dashboard(portfolio: after, asOf: Fixture.asOf)
        #expect(reused.workload == fresh.workload)
        #expect(reused.workload.unassigned.contains { $0.accountId == key.accountId })
        let moved = try #require(reused.workload.owners.first { $0.ownerId == inactive.id })
        #expect(moved.overdueFollowUps > 0 && moved.keyAccounts.contains { $0.accountId == key.accountId })
    }

    /// The fixture's `n`th active supplier by id.
    static func supplier(_ portfolio: Portfolio, _ n: Int) -> Account {
        portfolio.accounts.values.filter { $0.isSupplier && !$0.isArchived }.sorted { $0.id < $1.id }[n]
    }

    /// Edits that leave the suppliers' ranking alone redo only their own rows; the others all rows.
    @Test func supplierRowsAreRedoneOneByOneOnlyWhenTheRankingStays() throws {
        let oneByOne = [
            "log an interaction", "log a visit to a supplier", "reassign a supplier's owner",
            "make a supplier strategic", "score a supplier's month", "rate an account",
            "delete an interaction and edit another",
        ]
        let all = ["archive a supplier", "rename a supplier", "add a purchase", "rename an account"]
        for (name, edit) in Self.edits where oneByOne.contains(name) || all.contains(name) {
            var after = Fixture.portfolio
            try edit(&after)
            let records = try #require(after.changedRecords(since: Fixture.portfolio))
            let redo = Dashboard.suppliersToRedo(after, old: Fixture.portfolio, records: records)
            #expect((redo != nil) == oneByOne.contains(name), "\(name)")
        }
        var after = Fixture.portfolio
        try Self.edits.first { $0.0 == "log a visit to a supplier" }!.1(&after)
        let records = try #require(after.changedRecords(since: Fixture.portfolio))
        #expect(
            Dashboard.suppliersToRedo(after, old: Fixture.portfolio, records: records) == [
                Self.supplier(Fixture.portfolio, 0).id
            ])
    }

    @Test func changedRecordsAreKnownOnlyAlongOneLine() throws {
        let before = Fixture.portfolio
        var after = before
        let interaction = try #require(after.interactions.values.first)
        try after.apply(.delete(.interaction, id: interaction.id, base: interaction.version))
        #expect(after.changedRecords(since: before) == [.interaction: [interaction.id]])
        #expect(before.changedRecords(since: after) == nil)
        // Built separately: nothing is known about how they relate.
        let rebuilt = Portfolio(accounts: Array(before.accounts.values))
        #expect(rebuilt.changedRecords(since: before) == nil)
        // Beyond what the log holds, the caller must regroup everything.
        var many = before
        var sale = try #require(before.sales.values.first)
        for _ in 0...(2 * ChangeLog.capacity) {
            sale.amount = Money(cents: sale.amount.cents + 1)
            try many.apply(.put(.sale(sale), base: sale.version))
            sale.version += 1
        }
        #expect(many.changedRecords(since: before) == nil)
        // A bulk edit of a thousand records is still known record by record.
        var bulk = before
        for account in before.accounts.values.prefix(1_000) {
            var renamed = account
            renamed.notes = "bulk"
            try bulk.apply(.put(.account(renamed), base: account.version))
        }
        #expect(bulk.changedRecords(since: before)?[.account]?.count == min(1_000, before.accounts.count))
    }

    @Test(arguments: edits.indices)
    func reusedAnalyticsEqualFreshOnes(_ index: Int) throws {
        let (name, edit) = Self.edits[index]
        let before = Fixture.portfolio
        let old = Dashboard(portfolio: before, asOf: Fixture.asOf)
        var after = before
        try edit(&after)
        let reused = Dashboard(portfolio: after, asOf: Fixture.asOf, previous: (before, old))
        let fresh = Dashboard(portfolio: after, asOf: Fixture.asOf)
        #expect(reused.tiers == fresh.tiers, "\(name)")
        #expect(reused.partners == fresh.partners, "\(name)")
        #expect(reused.suppliers == fresh.suppliers, "\(name)")
        #expect(reused.workload == fresh.workload, "\(name)")
        #expect(reused.searchText == fresh.searchText, "\(name)")
        #expect(reused.contacts == fresh.contacts, "\(name)")
        #expect(reused.tierRows == fresh.tierRows && reused.partnerRows == fresh.partnerRows, "\(name)")
        #expect(reused.supplierRows == fresh.supplierRows, "\(name)")
        #expect(reused.customerCount == fresh.customerCount && reused.supplierCount == fresh.supplierCount)
        #expect(reused.index.interactions == fresh.index.interactions && reused.index.sales == fresh.index.sales)
        #expect(reused.index.purchases == fresh.index.purchases && reused.index.evaluations == fresh.index.evaluations)
        // And the edit is visible: something differs from the dashboard before.
        #expect(
            reused.tiers != old.tiers || reused.partners != old.partners || reused.suppliers != old.suppliers
                || reused.workload != old.workload || reused.searchText != old.searchText
                || reused.contacts != old.contacts || reused.index.interactions != old.index.interactions,
            "\(name) changed nothing")
    }
}

// Per-account search, for tests: the app searches a list's rows at once (`SearchColumn`), with
// the same byte search (`Dashboard.find`).
extension Dashboard {
    /// Whether an account matches a filter (already folded).
    func matches(_ accountId: String, _ foldedQuery: String) -> Bool {
        foldedQuery.isEmpty || (searchText[accountId].map { Dashboard.contains($0, foldedQuery) } ?? false)
    }

    /// Whether `text` contains `part`, byte for byte in UTF-8.
    static func contains(_ text: String, _ part: String) -> Bool {
        var text = text
        var part = part
        return part.withUTF8 { needle in
            needle.isEmpty || text.withUTF8 { find(needle, in: $0, from: 0) != nil }
        }
    }
}
