import RapportDomain

/// Where things go on screen; shared by the view (to draw) and update (to scroll and to map clicks).
enum Layout {
    /// The tabs' titles: in full where the window is wide, else short, so that the five tabs
    /// leave room for the as-of date at 80 columns.
    static func tabTitles(width: Int) -> [String] {
        Pane.allCases.map { " \($0.rawValue + 1) \(width >= 110 ? $0.title : $0.shortTitle) " }
    }

    /// The x range of each tab on the top row.
    static func tabs(width: Int) -> [Range<Int>] {
        var x = 0
        return tabTitles(width: width).map { title in
            let range = x..<(x + TerminalText.width(title))
            x = range.upperBound + 1
            return range
        }
    }

    static func content(_ state: AppState) -> Rect { Rect(x: 0, y: 1, width: state.width, height: state.height - 3) }

    static let tierSummaryHeight = 4

    static func partnersWide(_ state: AppState) -> Bool { state.width >= 110 }

    /// The bottom panel of the narrow Partners layout (plot + explanation).
    static func partnersPanel(_ state: AppState) -> Rect {
        let content = content(state)
        if partnersWide(state) {
            return Rect(x: content.width - 42, y: content.y, width: 42, height: content.height)
        }
        let height = min(11, content.height / 2)
        return Rect(x: 0, y: content.y + content.height - height, width: content.width, height: height)
    }

    static func ownersHeight(_ state: AppState) -> Int {
        let content = content(state)
        let wanted = state.model(.owners).rows.count + 1
        return max(3, min(wanted, content.height / 2))
    }

    /// Lines above the timeline in the account detail.
    static func detailHeaderHeight(_ state: AppState) -> Int {
        min(state.detailHeader().count + 2, max(0, content(state).height - 4))
    }

    /// The rectangle of a list, header row included.
    static func listArea(_ state: AppState, _ list: ListID) -> Rect {
        let content = content(state)
        switch list {
        case .tiers:
            return Rect(
                x: 0, y: content.y + tierSummaryHeight, width: content.width, height: content.height - tierSummaryHeight
            )
        case .partners:
            let panel = partnersPanel(state)
            if partnersWide(state) { return Rect(x: 0, y: content.y, width: panel.x - 1, height: content.height) }
            return Rect(x: 0, y: content.y, width: content.width, height: content.height - panel.height)
        case .owners:
            return Rect(x: 0, y: content.y, width: content.width, height: ownersHeight(state))
        case .ownerAccounts:
            let top = content.y + ownersHeight(state) + 1
            return Rect(x: 0, y: top, width: content.width, height: content.y + content.height - top)
        case .accounts:
            return content
        case .agenda, .search:
            return Rect(x: 0, y: content.y + 1, width: content.width, height: content.height - 1)
        case .detail:
            let header = detailHeaderHeight(state)
            return Rect(x: 0, y: content.y + header, width: content.width, height: content.height - header)
        }
    }
}
