import RapportDomain

/// A record ``RecordReader`` can decode, mirroring its `Decodable` conformance field for field:
/// the same required fields, the same defaults, `null` accepted exactly where `decodeIfPresent` is.
protocol ReadableRecord: Record {
    static func read(_ reader: inout RecordReader) throws -> Self
}

extension Account: ReadableRecord {
    static let keys = [[UInt8]](
        keys: "id", "version", "name", "roles", "industry", "region", "country", "website", "tags", "status",
        "ownerId", "notes", "annualRevenue", "ratings", "createdAt", "updatedAt")

    static func read(_ reader: inout RecordReader) throws -> Account {
        var seen = SeenFields()
        var id = ""
        var version = 1
        var name = ""
        var roles: [Role] = []
        var industry = ""
        var region = ""
        var country = ""
        var website = ""
        var tags: [String] = []
        var status = AccountStatus.active
        var ownerId: String?
        var notes = ""
        var annualRevenue: Money?
        var ratings = Ratings()
        var createdAt: Timestamp?
        var updatedAt: Timestamp?
        try reader.object { reader, key in
            let field = try reader.field(key, keys)
            try seen.mark(field)
            if field == 1 || field > 3, reader.null() { return }
            switch field {
            case 0: id = try reader.string()
            case 1: version = try reader.int()
            case 2: name = try reader.string()
            case 3: roles = try reader.array { try $0.choice(Role.self) }
            case 4: industry = try reader.string()
            case 5: region = try reader.string()
            case 6: country = try reader.string()
            case 7: website = try reader.string()
            case 8: tags = try reader.array { try $0.string() }
            case 9: status = try reader.choice(AccountStatus.self)
            case 10: ownerId = try reader.string()
            case 11: notes = try reader.string()
            case 12: annualRevenue = try reader.money()
            case 13: ratings = try Ratings.read(&reader)
            case 14: createdAt = try reader.timestamp()
            default: updatedAt = try reader.timestamp()
            }
        }
        try seen.require([0, 2, 3])
        return Account(
            id: id, version: version, name: name, roles: roles, industry: industry, region: region, country: country,
            website: website, tags: tags, status: status, ownerId: ownerId, notes: notes,
            annualRevenue: annualRevenue, ratings: ratings, createdAt: createdAt, updatedAt: updatedAt)
    }
}

extension Ratings {
    static let keys = [[UInt8]](
        keys: "creditStatus", "financialStrength", "managementAbility", "marketOperation", "inputCost",
        "conversionRisk", "informationSharing", "alternatives", "profitImpact", "supplyRisk")

    static func read(_ reader: inout RecordReader) throws -> Ratings {
        var seen = SeenFields()
        var ratings = Ratings()
        try reader.object { reader, key in
            let field = try reader.field(key, keys)
            try seen.mark(field)
            if reader.null() { return }
            let value = try reader.int()
            switch field {
            case 0: ratings.creditStatus = value
            case 1: ratings.financialStrength = value
            case 2: ratings.managementAbility = value
            case 3: ratings.marketOperation = value
            case 4: ratings.inputCost = value
            case 5: ratings.conversionRisk = value
            case 6: ratings.informationSharing = value
            case 7: ratings.alternatives = value
            case 8: ratings.profitImpact = value
            default: ratings.supplyRisk = value
            }
        }
        return ratings
    }
}

extension Owner: ReadableRecord {
    static let keys = [[UInt8]](keys: "id", "version", "name", "email", "team", "capacity", "active")

    static func read(_ reader: inout RecordReader) throws -> Owner {
        var seen = SeenFields()
        var owner = Owner(id: "", name: "")
        try reader.object { reader, key in
            let field = try reader.field(key, keys)
            try seen.mark(field)
            if field != 0, field != 2, reader.null() { return }
            switch field {
            case 0: owner.id = try reader.string()
            case 1: owner.version = try reader.int()
            case 2: owner.name = try reader.string()
            case 3: owner.email = try reader.string()
            case 4: owner.team = try reader.string()
            case 5: owner.capacity = try reader.int()
            default: owner.active = try reader.bool()
            }
        }
        try seen.require([0, 2])
        return owner
    }
}

extension Contact: ReadableRecord {
    static let keys = [[UInt8]](
        keys: "id", "version", "accountId", "name", "title", "email", "phone", "preferredChannel")

    static func read(_ reader: inout RecordReader) throws -> Contact {
        var seen = SeenFields()
        var contact = Contact(id: "", accountId: "", name: "")
        try reader.object { reader, key in
            let field = try reader.field(key, keys)
            try seen.mark(field)
            if field == 1 || field > 3, reader.null() { return }
            switch field {
            case 0: contact.id = try reader.string()
            case 1: contact.version = try reader.int()
            case 2: contact.accountId = try reader.string()
            case 3: contact.name = try reader.string()
            case 4: contact.title = try reader.string()
            case 5: contact.email = try reader.string()
            case 6: contact.phone = try reader.string()
            default: contact.preferredChannel = try reader.choice(Channel.self)
            }
        }
        try seen.require([0, 2, 3])
        return contact
    }
}

extension Interaction: ReadableRecord {
    static let keys = [[UInt8]](
        keys: "id", "version", "accountId", "date", "channel", "kind", "summary", "ownerId", "followUp", "done")

    static func read(_ reader: inout RecordReader) throws -> Interaction {
        var seen = SeenFields()
        var interaction = Interaction(id: "", accountId: "", date: Day(ordinal: 0), channel: .other, summary: "")
        try reader.object { reader, key in
            let field = try reader.field(key, keys)
            try seen.mark(field)
            if field == 1 || field == 5 || field > 6, reader.null() { return }
            switch field {
            case 0: interaction.id = try reader.string()
            case 1: interaction.version = try reader.int()
            case 2: interaction.accountId = try reader.string()
            case 3: interaction.date = try reader.day()
            case 4: interaction.channel = try reader.choice(Channel.self)
            case 5: interaction.kind = try reader.choice(InteractionKind.self)
            case 6: interaction.summary = try reader.string()
            case 7: interaction.ownerId = try reader.string()
            case 8: interaction.followUp = try reader.day()
            default: interaction.done = try reader.bool()
            }
        }
        try seen.require([0, 2, 3, 4, 6])
        return interaction
    }
}

extension Sale: ReadableRecord {
    static let keys = [[UInt8]](keys: "id", "version", "accountId", "date", "amount", "margin", "reference")

    static func read(_ reader: inout RecordReader) throws -> Sale {
        var seen = SeenFields()
        var sale = Sale(id: "", accountId: "", date: Day(ordinal: 0), amount: .zero)
        try reader.object { reader, key in
            let field = try reader.field(key, keys)
            try seen.mark(field)
            switch field {
            case 0: sale.id = try reader.string()
            case 1: sale.version = try reader.int()
            case 2: sale.accountId = try reader.string()
            case 3: sale.date = try reader.day()
            case 4: sale.amount = try reader.money()
            case 5: sale.margin = reader.null() ? nil : try reader.money()
            default: sale.reference = reader.null() ? nil : try reader.string()
            }
        }
        try seen.require([0, 1, 2, 3, 4])
        return sale
    }
}

extension Purchase: ReadableRecord {
    static let keys = [[UInt8]](
        keys: "id", "version", "accountId", "date", "amount", "promised", "actual", "reference")

    static func read(_ reader: inout RecordReader) throws -> Purchase {
        var seen = SeenFields()
        var purchase = Purchase(id: "", accountId: "", date: Day(ordinal: 0), amount: .zero)
        try reader.object { reader, key in
            let field = try reader.field(key, keys)
            try seen.mark(field)
            if field > 4, reader.null() { return }
            switch field {
            case 0: purchase.id = try reader.string()
            case 1: purchase.version = try reader.int()
            case 2: purchase.accountId = try reader.string()
            case 3: purchase.date = try reader.day()
            case 4: purchase.amount = try reader.money()
            case 5: purchase.promised = try reader.day()
            case 6: purchase.actual = try reader.day()
            default: purchase.reference = try reader.string()
            }
        }
        try seen.require([0, 1, 2, 3, 4])
        return purchase
    }
}

extension SupplierEvaluation: ReadableRecord {
    static let keys = [[UInt8]](keys: "id", "version", "accountId", "period", "scores")
    static let criteria = Criterion.allCases.map { Array($0.rawValue.utf8) }

    static func read(_ reader: inout RecordReader) throws -> SupplierEvaluation {
        var seen = SeenFields()
        var evaluation = SupplierEvaluation(
            id: "", accountId: "", period: YearMonth(year: 2000, month: 1)!, scores: [:])
        try reader.object { reader, key in
            let field = try reader.field(key, keys)
            try seen.mark(field)
            switch field {
            case 0: evaluation.id = try reader.string()
            case 1: evaluation.version = try reader.int()
            case 2: evaluation.accountId = try reader.string()
            case 3:
                evaluation.period = try reader.yearMonth()
            default:
                var scores: [Criterion: Double] = [:]
                try reader.object { reader, key in
                    let criterion = Criterion.allCases[try reader.field(key, criteria)]
                    guard scores.updateValue(try reader.double(), forKey: criterion) == nil else { throw Decline() }
                }
                evaluation.scores = scores
            }
        }
        try seen.require([0, 1, 2, 3, 4])
        return evaluation
    }
}
