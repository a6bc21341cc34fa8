import Foundation
import Testing

@testable import RapportDomain
@testable import RapportTools

func table(_ text: String) throws -> CSVText.Table { try CSVText.read(Array(text.utf8), file: "test.csv") }

func plan(_ kind: RecordKind, _ text: String, into portfolio: Portfolio = Portfolio(), map: [String: String] = [:])
    throws
    -> ImportPlan
{
    try Importer(kind: kind, overrides: map).plan(try table(text), into: portfolio)
}

func applied(_ plan: ImportPlan, to portfolio: Portfolio = Portfolio()) throws -> Portfolio {
    var result = portfolio
    for change in plan.changes { try result.apply(change) }
    return result
}
