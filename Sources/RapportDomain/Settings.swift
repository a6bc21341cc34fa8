/// The configurable parts of the model (docs/DOMAIN.md), each with its default.
public struct Settings: Codable, Hashable, Sendable {
    /// Tier A while the share ranked above is below this (0.80).
    public var tierACutoff: Double
    /// Tier B while the share ranked above is below this (0.95).
    public var tierBCutoff: Double
    /// Whether customer value is the sales amount or the margin.
    public var tierValue: ValueMeasure
    /// Scorecard weights per criterion (quality 30, delivery 25, price 20, ...).
    public var scorecardWeights: [Criterion: Double]
    /// Key accounts with no visit or meeting in this many days are stale (90).
    public var staleDays: Int
    /// Permission bits for new store files: 0o600, or 0o660 for a store shared by a group.
    public var fileMode: Int
    /// Previous snapshots that compaction keeps as backups (3).
    public var keptSnapshots: Int

    public enum ValueMeasure: String, Codable, CaseIterable, Sendable { case sales, margin }

    public static let defaultWeights = Dictionary(
        uniqueKeysWithValues: Criterion.allCases.map { ($0, $0.defaultWeight) })

    public init(
        tierACutoff: Double = 0.80, tierBCutoff: Double = 0.95, tierValue: ValueMeasure = .sales,
        scorecardWeights: [Criterion: Double] = Settings.defaultWeights, staleDays: Int = 90, fileMode: Int = 0o600,
        keptSnapshots: Int = 3
    ) {
        self.keptSnapshots = keptSnapshots
        self.tierACutoff = tierACutoff
        self.tierBCutoff = tierBCutoff
        self.tierValue = tierValue
        self.scorecardWeights = scorecardWeights
        self.staleDays = staleDays
        self.fileMode = fileMode
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Settings()
        self.init(
            tierACutoff: try values.decodeIfPresent(Double.self, forKey: .tierACutoff) ?? defaults.tierACutoff,
            tierBCutoff: try values.decodeIfPresent(Double.self, forKey: .tierBCutoff) ?? defaults.tierBCutoff,
            tierValue: try values.decodeIfPresent(ValueMeasure.self, forKey: .tierValue) ?? defaults.tierValue,
            scorecardWeights: try values.decodeIfPresent([Criterion: Double].self, forKey: .scorecardWeights)
                ?? defaults.scorecardWeights,
            staleDays: try values.decodeIfPresent(Int.self, forKey: .staleDays) ?? defaults.staleDays,
            fileMode: try values.decodeIfPresent(Int.self, forKey: .fileMode) ?? defaults.fileMode,
            keptSnapshots: try values.decodeIfPresent(Int.self, forKey: .keptSnapshots) ?? defaults.keptSnapshots)
    }

    /// Problems that would make the analytics meaningless, each saying what is valid.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        if !(tierACutoff > 0 && tierACutoff <= 1) {
            errors.append(FieldError("settings.tierACutoff", "must be a share above 0 and at most 1 (default 0.80)"))
        }
        if !(tierBCutoff >= tierACutoff && tierBCutoff <= 1) {
            errors.append(
                FieldError("settings.tierBCutoff", "must be at least tierACutoff and at most 1 (default 0.95)"))
        }
        if scorecardWeights.values.contains(where: { !($0 >= 0 && $0.isFinite) })
            || scorecardWeights.values.reduce(0, +) <= 0
        {
            errors.append(FieldError("settings.scorecardWeights", "weights must be 0 or more and not all 0"))
        }
        if !(1...3650).contains(staleDays) {
            errors.append(FieldError("settings.staleDays", "must be a number of days from 1 to 3650 (default 90)"))
        }
        if fileMode & ~0o666 != 0 || fileMode & 0o600 != 0o600 {
            errors.append(
                FieldError("settings.fileMode", "must give the owner read and write, e.g. 384 (0600) or 432 (0660)"))
        }
        return errors
    }
}
