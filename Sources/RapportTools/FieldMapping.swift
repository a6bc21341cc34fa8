import RapportDomain

/// The CSV columns of each record kind: our own names (what export writes) and the aliases
/// that CRM exports use (Salesforce, HubSpot).
public enum FieldMapping {
    public struct Field: Sendable {
        public let name: String
        public let aliases: [String]
        public let help: String
    }

    static func field(_ name: String, _ help: String, _ aliases: String...) -> Field {
        Field(name: name, aliases: aliases, help: help)
    }

    static let ratingFields: [Field] = RatingField.allCases.map {
        Field(
            name: $0.rawValue, aliases: [],
            help: $0 == .alternatives ? "count of alternative suppliers, 0 to 99" : "rating 1 to 5: \($0.meaning)")
    }

    public static func fields(for kind: RecordKind) -> [Field] {
        switch kind {
        case .account:
            return [
                field("id", "our id, or the CRM's record id", "Account ID", "Record ID", "Company ID", "Account Id"),
                field(
                    "name", "the organisation's name (required)", "Account Name", "Company name", "Company",
                    "Organization", "Organisation"),
                field(
                    "roles", "customer, supplier or both (also: Customer - Direct, Vendor, Partner, Prospect)", "Type",
                    "Role", "Account Type", "Relationship"),
                field("industry", "industry", "Industry"),
                // Not BillingState or State/Region: a state or province is not a sales region.
                field("region", "sales region, like Nordics or Southeast Asia", "Sales Region", "Territory"),
                field("country", "country", "BillingCountry", "Billing Country", "Country/Region"),
                field("website", "web domain", "Website", "Company Domain Name", "Domain", "Web"),
                field("tags", "tags separated by ; or |", "Labels"),
                field(
                    "status",
                    "prospect, active, dormant or archived (or a lifecycle stage: lead, opportunity, customer…)",
                    "Account Status", "Lifecycle Stage"),
                field(
                    "owner", "owner's id, email or name", "Account Owner", "Company owner", "Owner Email", "Owner Name",
                    "HubSpot Owner"),
                field("notes", "free text", "Description"),
                field("annualRevenue", "the organisation's yearly revenue", "AnnualRevenue", "Annual Revenue"),
            ] + ratingFields + [
                field("createdAt", "when the account was created, YYYY-MM-DDTHH:MM:SSZ"),
                field("updatedAt", "when the account last changed, YYYY-MM-DDTHH:MM:SSZ"),
            ]
        case .owner:
            return [
                field("id", "our id"),
                field("name", "the account manager's name (required)", "Full Name", "Owner Name", "User"),
                field("email", "email", "Email Address", "E-mail"),
                field("team", "team", "Department"),
                field("capacity", "key accounts they can carry well (default 12)"),
                field("active", "yes or no", "Is Active"),
            ]
        case .contact:
            return [
                field("id", "our id", "Contact ID", "Record ID"),
                field(
                    "account", "the account's id or exact name (required)", "Account Name", "Company name", "Company",
                    "Account"),
                field("name", "the person's name (required)", "Full Name", "Contact Name"),
                field("title", "job title", "Job Title"),
                field("email", "email", "Email Address", "E-mail"),
                field("phone", "phone", "Phone Number", "Mobile Phone"),
                field("preferredChannel", "visit, meeting, call, email, chat or other", "Preferred Channel"),
            ]
        case .interaction:
            return [
                field("id", "our id"),
                field("account", "the account's id or exact name (required)", "Account Name", "Company", "Account"),
                field("date", "YYYY-MM-DD (required)", "Activity Date"),
                field("channel", "visit, meeting, call, email, chat or other (required)", "Activity Type"),
                field("kind", "note, complaint or commitment", "Type"),
                field("summary", "what happened (required)", "Subject", "Description"),
                field("owner", "owner's id, email or name", "Assigned To", "Activity Owner"),
                field("followUp", "follow-up due date, YYYY-MM-DD", "Follow-up", "Due Date"),
                field("done", "yes or no", "Completed", "Status"),
            ]
        case .sale:
            return [
                field("id", "our id, or the invoice line's id", "Invoice Line", "Order Line"),
                field("account", "the customer's id or exact name (required)", "Customer", "Account Name", "Account"),
                field("date", "YYYY-MM-DD (required)", "Invoice Date", "Order Date"),
                field("amount", "amount, like 1,234.50 (required)", "Net Amount", "Value", "Total"),
                field("margin", "margin amount", "Gross Margin"),
                field(
                    "reference", "the invoice or order number it came from", "Invoice", "Invoice No.", "Invoice Number",
                    "Order", "Order ID", "Order No.", "Order Number", "Document No.", "Document Number", "Reference"),
            ]
        case .purchase:
            return [
                field("id", "our id, or the order line's id", "Order Line", "PO Line"),
                field("account", "the supplier's id or exact name (required)", "Supplier", "Vendor", "Account"),
                field("date", "YYYY-MM-DD (required)", "Order Date", "PO Date"),
                field("amount", "amount, like 1,234.50 (required)", "Net Amount", "Value", "Total"),
                field("promised", "promised delivery date", "Promised Date", "Due Date"),
                field("actual", "actual delivery date", "Delivery Date", "Received Date"),
                field(
                    "reference", "the purchase order number it came from", "PO Number", "PO", "Purchase Order",
                    "Order", "Order ID", "Order No.", "Order Number", "Document No.", "Document Number", "Reference"),
            ]
        case .evaluation:
            return [
                field("id", "our id"),
                field("account", "the supplier's id or exact name (required)", "Supplier", "Vendor"),
                field("period", "the month evaluated, YYYY-MM (required)", "Month"),
            ]
                + Criterion.allCases.map { Field(name: $0.rawValue, aliases: [], help: "score 0 to 100") }
        }
    }

    /// Lowercase, with spaces, underscores, dashes and dots removed: `Billing Country` = `billingcountry`.
    static func normalize(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { !" _-./".unicodeScalars.contains($0) }.map(Character.init))
    }

    /// Maps each header column to a field (or nil to ignore it). `overrides` (`column=field`)
    /// win over aliases. Throws when an override names an unknown field or two columns map to one field.
    public static func map(header: [String], kind: RecordKind, overrides: [String: String]) throws -> [String?] {
        let fields = fields(for: kind)
        var byAlias: [String: String] = [:]
        for field in fields {
            byAlias[normalize(field.name)] = field.name
            for alias in field.aliases where byAlias[normalize(alias)] == nil { byAlias[normalize(alias)] = field.name }
        }
        let overrideByColumn = Dictionary(overrides.map { (normalize($0.key), $0.value) }, uniquingKeysWith: { $1 })
        for (column, target) in overrides where target != "" && !fields.contains(where: { $0.name == target }) {
            throw ImportError.usage(
                "--map \(column)=\(target): '\(target)' is not a field of \(kind.plural); use one of "
                    + fields.map(\.name).joined(separator: ", ") + ", or leave it empty to ignore the column")
        }
        var mapped: [String?] = []
        var taken: [String: String] = [:]
        for column in header {
            let key = normalize(column)
            let field = overrideByColumn[key].map { $0.isEmpty ? nil : $0 } ?? byAlias[key]
            if let field, let earlier = taken[field] {
                throw ImportError.usage(
                    "columns '\(earlier)' and '\(column)' both map to \(field); use --map '\(column)=' to ignore one")
            }
            if let field { taken[field] = column }
            mapped.append(field)
        }
        return mapped
    }
}
