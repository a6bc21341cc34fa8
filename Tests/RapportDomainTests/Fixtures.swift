import RapportDomain

/// Small hand-made portfolios for formula tests.
func day(_ text: String) -> Day { Day(text)! }

func customer(
    _ id: String, _ name: String, ratings: Ratings = Ratings(), owner: String? = nil, status: AccountStatus = .active
)
    -> Account
{
    Account(id: id, name: name, roles: [.customer], status: status, ownerId: owner, ratings: ratings)
}

func supplier(_ id: String, _ name: String, impact: Int? = nil, risk: Int? = nil, owner: String? = nil) -> Account {
    Account(
        id: id, name: name, roles: [.supplier], ownerId: owner, ratings: Ratings(profitImpact: impact, supplyRisk: risk)
    )
}

func sale(_ account: String, _ date: String, _ amount: Double, margin: Double? = nil) -> Sale {
    Sale(
        id: "s-\(account)-\(date)-\(amount)", accountId: account, date: day(date), amount: Money(amount)!,
        margin: margin.flatMap { Money($0) })
}

func purchase(_ account: String, _ date: String, _ amount: Double, promised: String? = nil, actual: String? = nil)
    -> Purchase
{
    Purchase(
        id: "p-\(account)-\(date)-\(amount)", accountId: account, date: day(date), amount: Money(amount)!,
        promised: promised.map(day), actual: actual.map(day))
}

func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) < tolerance }
