/// An organisation we sell to, buy from, or both (a company can buy from its best customer).
public struct Account: Record {
    public static let kind = RecordKind.account
    public var id: String
    public var version: Int
    public var name: String
    public var roles: [Role]
    public var industry: String
    public var region: String
    public var country: String
    /// Web domain (`example.com`), used to match re-imports.
    public var website: String
    public var tags: [String]
    public var status: AccountStatus
    public var ownerId: String?
    public var notes: String
    /// The organisation's own yearly revenue, as CRM exports carry it (profile only).
    public var annualRevenue: Money?
    public var ratings: Ratings
    public var createdAt: Timestamp?
    public var updatedAt: Timestamp?

    public init(
        id: String, version: Int = 1, name: String, roles: [Role], industry: String = "", region: String = "",
        country: String = "", website: String = "", tags: [String] = [], status: AccountStatus = .active,
        ownerId: String? = nil, notes: String = "", annualRevenue: Money? = nil, ratings: Ratings = Ratings(),
        createdAt: Timestamp? = nil,
        updatedAt: Timestamp? = nil
    ) {
        self.id = id
        self.version = version
        self.name = name
        self.roles = Array(Set(roles)).sorted()
        self.industry = industry
        self.region = region
        self.country = country
        self.website = website
        self.tags = tags
        self.status = status
        self.ownerId = ownerId
        self.notes = notes
        self.annualRevenue = annualRevenue
        self.ratings = ratings
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var isCustomer: Bool { roles.contains(.customer) }
    public var isSupplier: Bool { roles.contains(.supplier) }
    public var isArchived: Bool { status == .archived }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try values.decode(String.self, forKey: .id),
            version: try values.decodeIfPresent(Int.self, forKey: .version) ?? 1,
            name: try values.decode(String.self, forKey: .name),
            roles: try values.decode([Role].self, forKey: .roles),
            industry: try values.decodeIfPresent(String.self, forKey: .industry) ?? "",
            region: try values.decodeIfPresent(String.self, forKey: .region) ?? "",
            country: try values.decodeIfPresent(String.self, forKey: .country) ?? "",
            website: try values.decodeIfPresent(String.self, forKey: .website) ?? "",
            tags: try values.decodeIfPresent([String].self, forKey: .tags) ?? [],
            status: try values.decodeIfPresent(AccountStatus.self, forKey: .status) ?? .active,
            ownerId: try values.decodeIfPresent(String.self, forKey: .ownerId),
            notes: try values.decodeIfPresent(String.self, forKey: .notes) ?? "",
            annualRevenue: try values.decodeIfPresent(Money.self, forKey: .annualRevenue),
            ratings: try values.decodeIfPresent(Ratings.self, forKey: .ratings) ?? Ratings(),
            createdAt: try values.decodeIfPresent(Timestamp.self, forKey: .createdAt),
            updatedAt: try values.decodeIfPresent(Timestamp.self, forKey: .updatedAt))
    }
}

/// The account manager's 1–5 judgements (absent until entered), plus the count of alternative suppliers.
public struct Ratings: Codable, Hashable, Sendable {
    // Customer strength.
    public var creditStatus: Int?
    public var financialStrength: Int?
    public var managementAbility: Int?
    public var marketOperation: Int?
    // Switching costs: what makes a customer a partner.
    public var inputCost: Int?
    public var conversionRisk: Int?
    // Relationship signals.
    public var informationSharing: Int?
    /// How many alternative suppliers the customer uses for what we sell; 0 = we are the sole source.
    public var alternatives: Int?
    // Supplier profile (Kraljic).
    public var profitImpact: Int?
    public var supplyRisk: Int?

    public init(
        creditStatus: Int? = nil, financialStrength: Int? = nil, managementAbility: Int? = nil,
        marketOperation: Int? = nil, inputCost: Int? = nil, conversionRisk: Int? = nil,
        informationSharing: Int? = nil, alternatives: Int? = nil, profitImpact: Int? = nil, supplyRisk: Int? = nil
    ) {
        self.creditStatus = creditStatus
        self.financialStrength = financialStrength
        self.managementAbility = managementAbility
        self.marketOperation = marketOperation
        self.inputCost = inputCost
        self.conversionRisk = conversionRisk
        self.informationSharing = informationSharing
        self.alternatives = alternatives
        self.profitImpact = profitImpact
        self.supplyRisk = supplyRisk
    }

    public subscript(field: RatingField) -> Int? {
        get {
            switch field {
            case .creditStatus: creditStatus
            case .financialStrength: financialStrength
            case .managementAbility: managementAbility
            case .marketOperation: marketOperation
            case .inputCost: inputCost
            case .conversionRisk: conversionRisk
            case .informationSharing: informationSharing
            case .alternatives: alternatives
            case .profitImpact: profitImpact
            case .supplyRisk: supplyRisk
            }
        }
        set {
            switch field {
            case .creditStatus: creditStatus = newValue
            case .financialStrength: financialStrength = newValue
            case .managementAbility: managementAbility = newValue
            case .marketOperation: marketOperation = newValue
            case .inputCost: inputCost = newValue
            case .conversionRisk: conversionRisk = newValue
            case .informationSharing: informationSharing = newValue
            case .alternatives: alternatives = newValue
            case .profitImpact: profitImpact = newValue
            case .supplyRisk: supplyRisk = newValue
            }
        }
    }
}

/// Every rating field, in the order forms and reports show them, with its meaning (docs/DOMAIN.md).
public enum RatingField: String, CaseIterable, Sendable {
    case creditStatus, financialStrength, managementAbility, marketOperation
    case inputCost, conversionRisk, informationSharing, alternatives
    case profitImpact, supplyRisk

    public var meaning: String {
        switch self {
        case .creditStatus: "credit status: pays on time, good credit standing"
        case .financialStrength: "financial strength: solid balance sheet"
        case .managementAbility: "management ability: capable, stable leadership"
        case .marketOperation: "market operation ability: sells well in its market"
        case .inputCost: "input cost: what they invested to adapt to us (money, training, staff, integration)"
        case .conversionRisk: "conversion risk: how critical our product is to them, how risky a change of supplier"
        case .informationSharing: "information sharing: shares plans and forecasts"
        case .alternatives: "alternative suppliers they use for what we sell (a count; 0 = sole source)"
        case .profitImpact: "profit impact of this supplier on our results"
        case .supplyRisk: "supply risk: how hard this supply is to secure or replace"
        }
    }

    /// The four customer-strength indicators.
    public static let strength: [RatingField] = [
        .creditStatus, .financialStrength, .managementAbility, .marketOperation,
    ]
}
