import Foundation
import Testing

@testable import RapportApp

/// The fast paths must give exactly what the Foundation calls they replace give.
@Suite struct FastPathTests {
    @Test func foldingMatchesFoundationForEveryLatinScalarAndSampleNames() {
        let options: String.CompareOptions = [.caseInsensitive, .diacriticInsensitive, .widthInsensitive]
        for value in 0..<0x370 {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let text = "a" + String(Character(scalar)) + "Z"
            #expect(TextFold.fold(text) == text.folding(options: options, locale: nil), "U+\(String(value, radix: 16))")
        }
        let names = [
            "Kontorsmöbler Väst AB", "Järnvaror Skåne & Söner AB", "成都包装材料有限公司", "PT Maju Jaya Industri",
            "Brücken Logistics GmbH", "Ærø Façade Œuvre", "Łódź Straße", "e\u{301}cole", "서울물산", "ＡＢＣ Ｔｒａｄｉｎｇ",
            "Ελληνικά", "Đặng Việt", "ﾃｽﾄ", "🚚 Fast Freight", "",
        ]
        for name in names {
            #expect(TextFold.fold(name) == name.folding(options: options, locale: nil), "\(name)")
        }
    }

    @Test func oneDecimalMatchesPrintf() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.05, 0.15, 0.25, 0.35, 1.45, 2.5, 99.95, 100, -3.25, 62.5, 49.55, 1e20]
        for _ in 0..<20_000 { values.append(Double.random(in: -1000...1000, using: &generator)) }
        for _ in 0..<2_000 { values.append(Double(Int.random(in: -20_000...20_000, using: &generator)) / 200) }
        for value in values {
            #expect(one(value) == String(format: "%.1f", value), "\(value)")
            #expect(percent(value / 100) == String(format: "%.1f%%", value / 100 * 100), "\(value)")
        }
    }
}
