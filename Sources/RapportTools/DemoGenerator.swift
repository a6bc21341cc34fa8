import RapportDomain

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same demo everywhere.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func chance(_ probability: Double) -> Bool { unit() < probability }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }

    /// A standard normal draw (Box–Muller).
    mutating func normal() -> Double {
        let u1 = max(unit(), 1e-12)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// Builds the realistic, deterministic demo portfolio of `rapport demo`: accounts named in
/// several scripts, owners, contacts, ratings, 26 months of sales and
/// purchases, monthly supplier evaluations, and interactions with open and overdue follow-ups.
public struct DemoGenerator: Sendable {
    public var accounts: Int
    public var seed: UInt64
    /// The last day of the demo's history (usually today).
    public var end: Day
    /// Interactions per account, on average.
    public var interactionsPerAccount: Int

    public init(accounts: Int = 300, seed: UInt64 = 1, end: Day, interactionsPerAccount: Int = 10) {
        self.accounts = accounts
        self.seed = seed
        self.end = end
        self.interactionsPerAccount = interactionsPerAccount
    }

    struct Culture: Sendable {
        let region: String
        let countries: [String]
        let makeName: @Sendable (inout SeededGenerator) -> String
        let people: [String]
        let surnames: [String]
        let joinName: @Sendable (String, String) -> String
        let domain: String
    }

    static let cultures: [Culture] = [
        Culture(
            region: "Greater China", countries: ["CN", "TW", "HK"],
            makeName: { rng in
                rng.pick(["上海", "深圳", "广州", "苏州", "宁波", "天津", "杭州", "青岛", "厦门", "成都"])
                    + rng.pick(["供应链", "精密机械", "电子科技", "物流", "包装材料", "纺织", "化工", "五金", "光电", "新能源"])
                    + rng.pick(["有限公司", "股份有限公司", "集团有限公司"])
            },
            people: ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军"],
            surnames: ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"], joinName: { $1 + $0 }, domain: "cn"),
        Culture(
            region: "Southeast Asia", countries: ["ID", "MY", "SG"],
            makeName: { rng in
                "PT " + rng.pick(["Pemasok", "Sumber", "Mitra", "Karya", "Cahaya", "Sinar", "Bumi", "Maju"]) + " "
                    + rng.pick(["Jaya", "Abadi", "Sejahtera", "Makmur", "Utama", "Sentosa", "Mandiri", "Lestari"]) + " "
                    + rng.pick(["Logistik", "Industri", "Niaga", "Teknik", "Kemasan", "Plastik", "Baja", "Tekstil"])
            },
            people: ["Budi", "Siti", "Agus", "Dewi", "Rina", "Hendra", "Wati", "Yusuf", "Putri", "Eko"],
            surnames: ["Santoso", "Wijaya", "Saputra", "Halim", "Gunawan", "Kusuma", "Hidayat", "Lestari"],
            joinName: { "\($0) \($1)" }, domain: "co.id"),
        Culture(
            region: "Nordics", countries: ["SE", "NO", "DK", "FI"],
            makeName: { rng in
                rng.pick([
                    "Kontorsmöbler", "Järnvaror", "Nordisk Förpackning", "Skärgårds Logistik", "Älvdalens Trä",
                    "Östgöta Stål", "Småländsk Plast", "Göta Kemi", "Fjällräven Frakt", "Åkerö Livs",
                ])
                    + rng.pick(["", "", " Norrland", " Skåne", " Mälardalen", " Väst", " Öresund", " Jämtland"]) + " "
                    + rng.pick(["AB", "Handel AB", "Grupp AB", "Service AB", "& Söner AB"])
            },
            people: ["Åsa", "Björn", "Märta", "Sören", "Linnéa", "Göran", "Ingrid", "Jörgen", "Elin", "Håkan"],
            surnames: ["Öberg", "Åström", "Lindqvist", "Bergström", "Sjöberg", "Ekström", "Nyström", "Hällberg"],
            joinName: { "\($0) \($1)" }, domain: "se"),
        Culture(
            region: "Western Europe", countries: ["DE", "NL", "FR", "GB"],
            makeName: { rng in
                rng.pick(["Rhein", "Hansa", "Atlas", "Delta", "Meridian", "Albion", "Lumière", "Brücken"]) + " "
                    + rng.pick([
                        "Components", "Logistics", "Packaging", "Metals", "Textiles", "Chemicals", "Foods", "Tools",
                    ])
                    + " " + rng.pick(["GmbH", "B.V.", "SAS", "Ltd", "AG"])
            },
            people: ["Anna", "Lukas", "Sophie", "Jan", "Chloé", "Tom", "Émile", "Greta", "Oliver", "Lea"],
            surnames: ["Müller", "de Vries", "Dubois", "Smith", "Schäfer", "Janssen", "Lefèvre", "Brown"],
            joinName: { "\($0) \($1)" }, domain: "eu"),
        Culture(
            region: "North America", countries: ["US", "CA", "MX"],
            makeName: { rng in
                rng.pick(["Pioneer", "Summit", "Great Lakes", "Pacific", "Lone Star", "Keystone", "Redwood", "Harbor"])
                    + " "
                    + rng.pick([
                        "Supply", "Distribution", "Manufacturing", "Freight", "Industrial", "Foods", "Plastics",
                    ])
                    + " " + rng.pick(["Inc.", "LLC", "Corp.", "Co."])
            },
            people: ["Michael", "Jennifer", "David", "Maria", "James", "Linda", "Robert", "Ana", "John", "Emily"],
            surnames: ["Johnson", "Garcia", "Miller", "Davis", "Rodriguez", "Wilson", "Martínez", "Taylor"],
            joinName: { "\($0) \($1)" }, domain: "com"),
    ]

    static let industries = [
        "Manufacturing", "Retail", "Logistics", "Food & Beverage", "Electronics", "Automotive", "Construction",
        "Chemicals", "Textiles", "Healthcare",
    ]
    static let tagPool = [
        "export", "framework-agreement", "ISO 9001", "EDI", "consignment", "new-market", "seasonal", "VMI",
    ]
    static let teams = ["North", "South", "East", "West", "Key Accounts"]

    public func generate() -> Portfolio {
        var rng = SeededGenerator(seed: seed)
        let ownerCount = max(4, accounts / 40)
        var owners: [Owner] = []
        var ownerNames = Set<String>()
        for serial in 1...ownerCount {
            let culture = rng.pick(Self.cultures)
            var name = culture.joinName(rng.pick(culture.people), rng.pick(culture.surnames))
            if !ownerNames.insert(Portfolio.nameKey(name)).inserted {
                name += " \(serial)"
                ownerNames.insert(Portfolio.nameKey(name))
            }
            let id = Portfolio.makeID(.owner, serial)
            owners.append(
                Owner(
                    id: id, name: name, email: "owner\(serial)@rapport.example",
                    team: Self.teams[serial % Self.teams.count],
                    // One owner with a small capacity, so the demo shows an overloaded owner.
                    capacity: serial == 2 ? 4 : Owner.defaultCapacity, active: serial != ownerCount || ownerCount < 5))
        }
        var accountList: [Account] = []
        var contacts: [Contact] = []
        var sales: [Sale] = []
        var purchases: [Purchase] = []
        var evaluations: [SupplierEvaluation] = []
        var interactions: [Interaction] = []
        var names = Set<String>()
        let created = Timestamp(seconds: Int64(end.adding(months: -30).ordinal) * 86_400 + 9 * 3600)
        let historyStart = end.adding(months: -26)

        for serial in 1...max(accounts, 1) {
            let culture = rng.pick(Self.cultures)
            var name = culture.makeName(&rng)
            var attempt = 0
            while !names.insert(Portfolio.nameKey(name)).inserted {
                // Retry a few fresh names, then number the branch (large demos run out of combinations).
                attempt += 1
                name = culture.makeName(&rng) + (attempt > 3 ? " \(rng.pick(["Branch", "Div.", "No."])) \(serial)" : "")
            }
            let id = Portfolio.makeID(.account, serial)
            let roll = rng.unit()
            let roles: [Role] = roll < 0.68 ? [.customer] : roll < 0.92 ? [.supplier] : [.customer, .supplier]
            let status: AccountStatus =
                rng.chance(0.04) ? .prospect : rng.chance(0.05) ? .dormant : rng.chance(0.02) ? .archived : .active
            // Some accounts have no owner; key accounts among them show as unassigned.
            let ownerId: String? = rng.chance(0.15) ? nil : rng.pick(owners).id
            var ratings = Ratings()
            func maybe(_ probability: Double = 0.85) -> Int? { rng.chance(probability) ? rng.int(1...5) : nil }
            if roles.contains(.customer) {
                ratings.creditStatus = maybe()
                ratings.financialStrength = maybe()
                ratings.managementAbility = maybe()
                ratings.marketOperation = maybe()
                ratings.inputCost = maybe(0.8)
                ratings.conversionRisk = maybe(0.8)
                ratings.informationSharing = maybe(0.75)
                ratings.alternatives = rng.chance(0.8) ? rng.int(0...5) : nil
            }
            if roles.contains(.supplier) {
                // Most suppliers are routine: Kraljic's strategic and bottleneck items are the few.
                ratings.profitImpact = rng.chance(0.9) ? rng.pick([1, 1, 2, 2, 2, 3, 4, 5]) : nil
                ratings.supplyRisk = rng.chance(0.9) ? rng.pick([1, 1, 1, 2, 2, 3, 4, 5]) : nil
            }
            let website = "www.\(culture.domain == "cn" ? "cn-" : "")\(id).\(culture.domain)"
            let tags = (0..<rng.int(0...2)).map { _ in rng.pick(Self.tagPool) }
            let account = Account(
                id: id, name: name, roles: roles, industry: rng.pick(Self.industries), region: culture.region,
                country: rng.pick(culture.countries), website: website, tags: Array(Set(tags)).sorted(), status: status,
                ownerId: ownerId,
                notes: rng.chance(0.3)
                    ? "Demo account. Prefers \(rng.pick(["morning calls", "email first", "quarterly reviews", "site visits"]))."
                    : "",
                ratings: ratings, createdAt: created, updatedAt: created)
            accountList.append(account)

            for contactSerial in 0..<rng.int(1...3) {
                let person = culture.joinName(rng.pick(culture.people), rng.pick(culture.surnames))
                contacts.append(
                    Contact(
                        id: Portfolio.makeID(.contact, contacts.count + 1), accountId: id, name: person,
                        title: rng.pick([
                            "Purchasing Manager", "CEO", "Logistics Lead", "Buyer", "Quality Manager", "CFO",
                        ]),
                        email: "contact\(contactSerial + 1)@\(id).example",
                        phone: "+\(rng.int(1...99)) \(rng.int(100...999)) \(rng.int(1000...9999))",
                        preferredChannel: rng.pick(Channel.allCases)))
            }

            let active = status != .prospect
            if roles.contains(.customer) && active {
                // Order size is log-normal (a few customers carry most value); frequency varies from
                // weekly to twice a year; a trend makes some customers grow and others shrink.
                let size = exp(8.5 + 1.4 * rng.normal())
                let perYear = rng.pick([1, 2, 4, 4, 6, 12, 12, 24])
                let trend = rng.normal() * 0.5
                let startOffset = rng.chance(0.15) ? rng.int(0...20) : 0
                let first = historyStart.adding(months: startOffset)
                let stop = status == .dormant ? end.adding(months: -rng.int(6...14)) : end
                var day = first.adding(days: rng.int(0...20))
                while day <= stop {
                    let progress = Double(day.days(since: historyStart)) / Double(max(end.days(since: historyStart), 1))
                    let amount = size * exp(trend * (progress - 0.5)) * (0.6 + 0.8 * rng.unit())
                    let money = Money((amount * 100).rounded() / 100) ?? .zero
                    sales.append(
                        Sale(
                            id: Portfolio.makeID(.sale, sales.count + 1), accountId: id, date: day, amount: money,
                            margin: Money((amount * (0.1 + 0.25 * rng.unit()) * 100).rounded() / 100)))
                    day = day.adding(days: max(1, Int(365.0 / Double(perYear) * (0.7 + 0.6 * rng.unit()))))
                }
            }
            if roles.contains(.supplier) && active {
                let size = exp(8.8 + 1.3 * rng.normal())
                let perYear = rng.pick([2, 4, 6, 12])
                let lateness = rng.unit() * 0.5
                var day = historyStart.adding(days: rng.int(0...30))
                while day <= end {
                    let promised = day.adding(days: rng.int(7...30))
                    let late = rng.chance(lateness)
                    let actual = promised.adding(days: late ? rng.int(1...15) : -rng.int(0...3))
                    purchases.append(
                        Purchase(
                            id: Portfolio.makeID(.purchase, purchases.count + 1), accountId: id, date: day,
                            amount: Money((size * (0.6 + 0.8 * rng.unit()) * 100).rounded() / 100) ?? .zero,
                            promised: promised, actual: actual <= end ? actual : nil))
                    day = day.adding(days: max(1, Int(365.0 / Double(perYear) * (0.7 + 0.6 * rng.unit()))))
                }
                if rng.chance(0.85) {
                    let base = 20 + rng.unit() * 75
                    let months = rng.int(6...18)
                    for back in (0..<months).reversed() {
                        var scores: [Criterion: Double] = [:]
                        for criterion in Criterion.allCases
                        where criterion == .quality || criterion == .delivery || rng.chance(0.8) {
                            scores[criterion] = (min(100, max(0, base + rng.normal() * 10))).rounded()
                        }
                        evaluations.append(
                            SupplierEvaluation(
                                id: Portfolio.makeID(.evaluation, evaluations.count + 1), accountId: id,
                                period: end.adding(months: -back).yearMonth, scores: scores))
                    }
                }
            }
            if active {
                let count = max(
                    0, interactionsPerAccount + rng.int(-interactionsPerAccount / 2...interactionsPerAccount / 2))
                for _ in 0..<count {
                    let date = end.adding(days: -rng.int(0...540))
                    let kind: InteractionKind = rng.chance(0.12) ? .complaint : rng.chance(0.2) ? .commitment : .note
                    let channel = rng.pick([Channel.visit, .meeting, .call, .call, .email, .email, .chat, .other])
                    var followUp: Day? = nil
                    var done = false
                    if kind != .note || rng.chance(0.1) {
                        followUp = date.adding(days: rng.int(3...45))
                        done = followUp! < end.adding(days: -30) ? rng.chance(0.9) : rng.chance(0.4)
                    }
                    interactions.append(
                        Interaction(
                            id: Portfolio.makeID(.interaction, interactions.count + 1), accountId: id, date: date,
                            channel: channel, kind: kind, summary: Self.summary(kind, channel, &rng), ownerId: ownerId,
                            followUp: followUp, done: done))
                }
            }
        }
        return Portfolio(
            accounts: accountList, owners: owners, contacts: contacts,
            interactions: interactions, sales: sales, purchases: purchases, evaluations: evaluations)
    }

    static func summary(_ kind: InteractionKind, _ channel: Channel, _ rng: inout SeededGenerator) -> String {
        switch kind {
        case .complaint:
            rng.pick([
                "Late delivery on last order", "Quality issue with batch", "Invoice disputed",
                "Packaging damaged in transit",
                "送货延迟, 客户不满", "Keluhan kualitas produk", "Reklamation: fel antal levererat",
            ])
        case .commitment:
            rng.pick([
                "Promised revised quote", "Agreed to send forecast", "Committed to site visit",
                "Will confirm volumes for Q3",
                "承诺下周提供报价", "Janji kirim sampel", "Lovade ny prislista",
            ])
        case .note:
            rng.pick([
                "Quarterly review (\(channel.rawValue))", "Discussed next year's volumes", "Intro to new buyer",
                "Shared production plan", "例行拜访, 讨论合作", "Kunjungan rutin", "Genomgång av leveransplan",
            ])
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
