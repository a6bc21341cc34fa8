import Foundation
import Testing

@testable import RapportTools

@Suite struct ReportColumnsTests {
    struct Row {
        let name: String
        let score: Double?
        let note: String
    }

    static var spec: ReportSpec<Row> {
        ReportSpec<Row>([
            ReportColumn("name", title: "Name", value: \.name),
            ReportColumn(
                "score", title: "Score", right: true, value: \.score, table: { Format.score($0.score) },
                csv: { $0.score.map { "\($0)" } ?? "" }),
            .csv("note") { $0.note },
            .json("shout") { $0.name.uppercased() },
            .table("Note") { "[\($0.note)]" },
        ])
    }

    static let rows = [
        Row(name: "Kontorsmöbler AB", score: 81.4, note: "a, b"), Row(name: "上海", score: nil, note: ""),
    ]

    @Test func oneDeclarationFeedsTheTableTheCSVAndTheJSON() throws {
        #expect(
            Self.spec.table(Self.rows).split(separator: "\n").map(String.init) == [
                "Name              Score  Note", String(repeating: "─", count: 16) + "  ─────  ──────",
                "Kontorsmöbler AB   81.4  [a, b]", "上海                  –  []",
            ])
        #expect(try Self.spec.csv(Self.rows) == "name,score,note\nKontorsmöbler AB,81.4,\"a, b\"\n上海,,\n")
        let json = try Format.json(Self.rows.map { Self.spec.json($0) })
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(decoded?[0]["name"] as? String == "Kontorsmöbler AB")
        #expect(decoded?[0]["score"] as? Double == 81.4)
        #expect(decoded?[0]["shout"] as? String == "KONTORSMÖBLER AB")
        #expect(decoded?[0]["note"] == nil, "a CSV-only column is not in the JSON")
        #expect(decoded?[1].keys.contains("score") == false, "a missing value leaves its key out, as Codable does")
    }
}
