import Foundation
import RapportDomain

/// `rapport export`: records as CSV (our field names, so import reads them back unchanged) or JSON.
public enum Exporter {
    public static func csv(_ kind: RecordKind, from portfolio: Portfolio) throws -> String {
        let header = FieldMapping.fields(for: kind).map(\.name)
        let rows = portfolio.records(of: kind).map { row(for: $0, in: portfolio) }
        return try CSVText.write(header: header, rows: rows)
    }

    /// A JSON array of records, exactly as the store holds them.
    public static func json(_ kind: RecordKind, from portfolio: Portfolio) throws -> String {
        try Format.json(portfolio.records(of: kind).map(BareRecord.init))
    }

    static func optional(_ day: Day?) -> String { day?.description ?? "" }
    static func owner(_ id: String?, _ portfolio: Portfolio) -> String {
        guard let id else { return "" }
        return portfolio.owners[id]?.email.isEmpty == false ? portfolio.owners[id]!.email : id
    }

    /// The cells of one record, in the order of ``FieldMapping/fields(for:)``.
    static func row(for record: AnyRecord, in portfolio: Portfolio) -> [String] {
        switch record {
        case .account(let account):
            let roles = account.roles.count == 2 ? "both" : account.roles.first?.rawValue ?? ""
            return [
                account.id, account.name, roles, account.industry, account.region, account.country, account.website,
                account.tags.joined(separator: "; "), account.status.rawValue, owner(account.ownerId, portfolio),
                account.notes,
                account.annualRevenue?.plain ?? "",
            ] + RatingField.allCases.map { account.ratings[$0].map(String.init) ?? "" }
                + [account.createdAt?.description ?? "", account.updatedAt?.description ?? ""]
        case .owner(let owner):
            return [owner.id, owner.name, owner.email, owner.team, String(owner.capacity), owner.active ? "yes" : "no"]
        case .contact(let contact):
            return [
                contact.id, contact.accountId, contact.name, contact.title, contact.email, contact.phone,
                contact.preferredChannel?.rawValue ?? "",
            ]
        case .interaction(let interaction):
            return [
                interaction.id, interaction.accountId, interaction.date.description, interaction.channel.rawValue,
                interaction.kind.rawValue, interaction.summary, owner(interaction.ownerId, portfolio),
                optional(interaction.followUp), interaction.done ? "yes" : "no",
            ]
        case .sale(let sale):
            return [
                sale.id, sale.accountId, sale.date.description, sale.amount.plain, sale.margin?.plain ?? "",
                sale.reference ?? "",
            ]
        case .purchase(let purchase):
            return [
                purchase.id, purchase.accountId, purchase.date.description, purchase.amount.plain,
                optional(purchase.promised),
                optional(purchase.actual), purchase.reference ?? "",
            ]
        case .evaluation(let evaluation):
            return [evaluation.id, evaluation.accountId, evaluation.period.description]
                + Criterion.allCases.map { criterion in evaluation.scores[criterion].map { Format.number($0) } ?? "" }
        }
    }
}

extension Format {
    /// `80` for whole numbers, else the shortest exact form (`72.5`).
    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
