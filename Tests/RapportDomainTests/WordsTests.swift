import RapportDomain
import Testing

/// What screens show instead of the program's names.
@Suite struct WordsTests {
    @Test func fieldsRatingsAndCriteriaReadAsWords() {
        #expect(Words.field("ratings.conversionRisk") == "conversion risk")
        #expect(Words.field("ratings.marketOperation") == "market operation ability")
        #expect(Words.field("scores.financialTerms") == "financial terms")
        #expect(Words.field("ownerId") == "owner" && Words.field("followUp") == "follow-up")
        #expect(Words.field("preferredChannel") == "preferred channel")
        #expect(Words.spaced("informationSharing") == "information sharing")
        #expect(RatingField.allCases.allSatisfy { !$0.label.contains(where: \.isUppercase) })
    }

    @Test func monthsAreNamedWithTheYearWhereItChanges() {
        let values = [("2025-11", "41"), ("2025-12", "34"), ("2026-01", "19")].map { (YearMonth($0.0)!, $0.1) }
        #expect(Words.months(values) == "2025: Nov 41 Dec 34 · 2026: Jan 19")
        #expect(Words.month(YearMonth("2026-02")!) == "Feb 2026")
        #expect(Words.months([]) == "")
    }
}
