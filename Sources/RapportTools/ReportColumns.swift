import RapportDomain

/// One datum of a report's rows, declared once: where it shows in the table (for people), in
/// the CSV and in the JSON (for scripts), and how. A column may be in any of the three.
struct ReportColumn<Row> {
    struct TablePart {
        let title: String
        let right: Bool
        let max: Int
        let cell: (Row) -> String
    }

    let table: TablePart?
    let csv: (header: String, cell: (Row) -> String)?
    /// The JSON key and value; a nil value leaves the key out.
    let json: (key: String, value: (Row) -> (any Encodable)?)?

    /// A column in all three: `key` names it in the CSV and the JSON, `title` in the table.
    init<Value: Encodable>(
        _ key: String, title: String? = nil, right: Bool = false, max: Int = 40, json jsonKey: String? = nil,
        value: @escaping (Row) -> Value, table: ((Row) -> String)? = nil, csv: ((Row) -> String)? = nil
    ) {
        self.table = title.map { TablePart(title: $0, right: right, max: max, cell: table ?? { "\(value($0))" }) }
        self.csv = (key, csv ?? { "\(value($0))" })
        self.json = (jsonKey ?? key, { present(value($0)) })
    }

    /// A column in some of them.
    init(
        table: TablePart? = nil, csv: (header: String, cell: (Row) -> String)? = nil,
        json: (key: String, value: (Row) -> (any Encodable)?)? = nil
    ) {
        self.table = table
        self.csv = csv
        self.json = json
    }

    /// Only in the table.
    static func table(_ title: String, right: Bool = false, max: Int = 40, cell: @escaping (Row) -> String)
        -> ReportColumn
    {
        ReportColumn(table: TablePart(title: title, right: right, max: max, cell: cell))
    }

    /// Only in the CSV.
    static func csv(_ header: String, cell: @escaping (Row) -> String) -> ReportColumn {
        ReportColumn(csv: (header, cell))
    }

    /// Only in the JSON (an optional value that is nil leaves the key out).
    static func json<Value: Encodable>(_ key: String, value: @escaping (Row) -> Value?) -> ReportColumn {
        ReportColumn(json: (key, { present(value($0)) }))
    }
}

/// `value`, or nil when it is an optional that holds nothing: such keys are left out of the
/// JSON, as Swift's own encoding of an optional property does.
private func present(_ value: some Encodable) -> (any Encodable)? {
    if let optional = value as? any OptionalValue, optional.isNone { return nil }
    return value
}

private protocol OptionalValue {
    var isNone: Bool { get }
}

extension Optional: OptionalValue {
    var isNone: Bool { self == nil }
}

/// A report's rows in the three formats, from its columns.
struct ReportSpec<Row> {
    let columns: [ReportColumn<Row>]

    init(_ columns: [ReportColumn<Row>]) { self.columns = columns }

    func table(_ rows: [Row]) -> String {
        let parts = columns.compactMap(\.table)
        var table = TextTable(parts.map { TextTable.Column($0.title, right: $0.right, max: $0.max) })
        for row in rows { table.add(parts.map { $0.cell(row) }) }
        return table.render()
    }

    func csv(_ rows: [Row]) throws -> String {
        let parts = columns.compactMap(\.csv)
        return try CSVText.write(header: parts.map(\.header), rows: rows.map { row in parts.map { $0.cell(row) } })
    }

    func json(_ row: Row) -> ReportObject {
        ReportObject(
            fields: columns.compactMap(\.json).compactMap { key, value in value(row).map { (key, $0) } })
    }
}

/// One row of a report as a JSON object.
struct ReportObject: Encodable {
    let fields: [(String, any Encodable)]

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (key, value) in fields { try container.encode(value, forKey: Key(stringValue: key)) }
    }
}
