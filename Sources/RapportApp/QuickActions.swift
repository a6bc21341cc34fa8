import RapportDomain

extension AppState {
    // MARK: Quick actions

    /// The account quick actions apply to: the one in detail, else the selected row's.
    var actionAccount: String? { detail ?? selectedAccountId }

    /// `visit [commitment] Promised a quote [+7d]`: channel, optional kind, summary, optional follow-up.
    public static func parseLog(_ text: String, today: Day) -> Result<
        (Channel, InteractionKind, String, Day?), LogError
    > {
        var words = text.split(separator: " ").map(String.init)
        guard let first = words.first, let channel = parseChoice(first, as: Channel.self) else {
            return .failure(
                LogError(
                    "start with the channel: \(choiceList(Channel.self)); then the summary, e.g. visit Reviewed volumes +7d"
                ))
        }
        words.removeFirst()
        var kind = InteractionKind.note
        if let word = words.first, let parsed = parseChoice(word, as: InteractionKind.self) {
            kind = parsed
            words.removeFirst()
        }
        var followUp: Day?
        if let last = words.last, words.count > 1 || last.hasPrefix("+"),
            last.hasPrefix("+") || Day(last) != nil || ["today", "tomorrow"].contains(last.lowercased()),
            let day = DateInput.parse(last, today: today)
        {
            followUp = day
            words.removeLast()
        }
        let summary = words.joined(separator: " ")
        guard !summary.isEmpty else {
            return .failure(LogError("add a summary after the channel, e.g. call Discussed the Q3 forecast"))
        }
        return .success((channel, kind, summary, followUp))
    }

    public struct LogError: Error, Equatable {
        public let message: String
        init(_ message: String) { self.message = message }
    }

    mutating func logInteraction(account id: String, _ text: String) -> [Effect] {
        guard let account = portfolio.accounts[id] else { return [] }
        switch AppState.parseLog(text, today: today) {
        case .failure(let error):
            say("log: " + error.message, error: true)
            return []
        case .success(let (channel, kind, summary, followUp)):
            let interaction = Interaction(
                id: "", accountId: id, date: today, channel: channel, kind: kind, summary: summary,
                ownerId: account.ownerId,
                followUp: followUp)
            let due = followUp.map { ", follow-up \($0)" } ?? ""
            return commit(
                [.put(.interaction(interaction), base: nil)],
                done: "Logged a \(channel.rawValue) with \(account.name)\(due)")
        }
    }

    /// The owner an owner prompt names: `.some(nil)` for none (empty or `none`), nil (said why)
    /// when no owner matches. `none` tells what none does there.
    mutating func promptedOwner(_ text: String, none: String = "clears the owner") -> Owner?? {
        let wanted = String(text.trimmingASCIIWhitespace())
        guard !wanted.isEmpty && wanted.lowercased() != "none" else { return .some(nil) }
        guard let owner = findOwner(wanted) else {
            say("owner: no owner matches '\(wanted)'; Tab completes names, and none \(none)", error: true)
            return nil
        }
        return owner
    }

    mutating func assignOwner(account id: String, _ text: String) -> [Effect] {
        guard var account = portfolio.accounts[id], let owner = promptedOwner(text) else { return [] }
        guard account.ownerId != owner?.id else {
            say("\(account.name) already has that owner")
            return []
        }
        let base = account.version
        account.ownerId = owner?.id
        return commit(
            [.put(.account(account), base: base)],
            done: owner.map { "\(account.name) is now owned by \($0.name)" } ?? "\(account.name) has no owner now")
    }

    /// An owner by id, email or exact name, else the first (by name) whose name contains the text,
    /// ignoring case and diacritics. What `:owner` and `o` accept.
    mutating func markDone() -> [Effect] {
        if pane == .agenda, detail == nil { return markAgendaItemDone() }
        guard detail != nil, case .interaction(let interaction)? = selectedDetailRecord else {
            say(
                "x marks a follow-up done: in the Agenda (5), or on an account's page (Enter) under Interactions",
                error: true)
            return []
        }
        return markDone(interaction)
    }

    mutating func markDone(_ interaction: Interaction) -> [Effect] {
        guard interaction.isOpenFollowUp else {
            say("That interaction has no open follow-up; select one marked due or OVERDUE", error: true)
            return []
        }
        var done = interaction
        done.done = true
        return commit(
            [.put(.interaction(done), base: interaction.version)], done: "Follow-up done: \(interaction.summary)")
    }

}
