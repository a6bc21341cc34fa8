import Testing

@testable import RapportApp
@testable import RapportDomain

@Suite struct LineEditorTests {
    @Test func readlineKeys() {
        var editor = LineEditor("hello big world")
        #expect(editor.cursor == 15)
        _ = editor.handle(.ctrl("w"))
        #expect(editor.text == "hello big ")
        _ = editor.handle(.ctrl("a"))
        _ = editor.handle(.right)
        _ = editor.handle(.delete)
        #expect(editor.text == "hllo big " && editor.cursor == 1)
        _ = editor.handle(.ctrl("k"))
        #expect(editor.text == "h")
        _ = editor.handle(.ctrl("e"))
        for character in "ej" { editor.insert(character) }
        _ = editor.handle(.backspace)
        _ = editor.handle(.home)
        _ = editor.handle(.end)
        _ = editor.handle(.ctrl("u"))
        #expect(editor.text == "" && editor.cursor == 0)
        #expect(editor.handle(.tab) == false && editor.handle(.enter) == false)
    }

    @Test func controlCharactersAndOverflowAreNeverInserted() {
        var editor = LineEditor("", limit: 5)
        for character in "a\u{1B}[31mb\u{7}\u{9B}\u{202E}cdefgh" { editor.insert(character) }
        #expect(editor.text == "a[31m")
        #expect(!editor.text.unicodeScalars.contains { FieldRules.isControl($0) })
    }

    @Test func wideCharactersScrollByDisplayWidth() {
        var editor = LineEditor("成都包装材料有限公司")
        let (shown, cursor) = editor.visible(width: 9)
        // 8 cells of text (4 wide characters) plus the cursor's cell; never half a character.
        #expect(shown == "有限公司" && cursor == 8)
        _ = editor.handle(.home)
        let (start, home) = editor.visible(width: 9)
        #expect(start == "成都包装" && home == 0)
        editor.set("Zoë Åström")
        #expect(editor.visible(width: 40).text == "Zoë Åström")
    }
}

@Suite struct FieldValidationTests {
    static let today = Day("2026-06-30")!

    static let cases: [(FieldType, String, FieldValue?)] = [
        (.text(required: true), "Acme", .text("Acme")),
        (.text(required: true), "   ", nil),
        (.text(required: false), "", .empty),
        (.date(required: true), "2026-02-28", .day(Day("2026-02-28")!)),
        (.date(required: true), "2026-02-30", nil),
        (.date(required: true), "today", .day(today)),
        (.date(required: true), "yesterday", .day(Day("2026-06-29")!)),
        (.date(required: false), "+7d", .day(Day("2026-07-07")!)),
        (.date(required: false), "", .empty),
        (.date(required: false), "next week", nil),
        (.month, "2026-11", .month(YearMonth(year: 2026, month: 11)!)),
        (.month, "2026-13", nil),
        (.money(required: true), "1,234.50", .money(Money(cents: 123_450))),
        (.money(required: true), "-12", .money(Money(cents: -1200))),
        (.money(required: true), "1e400", nil),
        (.money(required: true), "12.345", nil),
        (.money(required: true), "NaN", nil),
        (.money(required: false), "", .empty),
        (.integer(1...5, required: false), "5", .integer(5)),
        (.integer(1...5, required: false), "6", nil),
        (.integer(1...5, required: false), "0", nil),
        (.integer(1...5, required: false), "", .empty),
        (.integer(0...99, required: false), "0", .integer(0)),
        (.integer(1...1000, required: true), "-0", .integer(0)),
        (.number(0...100), "87.5", .number(87.5)),
        (.number(0...100), "101", nil),
        (.number(0...100), "nan", nil),
        (.number(0...100), "inf", nil),
        (.choice(["visit", "call"], required: true), "VISIT", .text("visit")),
        (.choice(["visit", "call"], required: true), "pigeon", nil),
        (.choice(["", "visit"], required: false), "", .empty),
    ]

    @Test(arguments: cases.indices)
    func everyFieldTypeAcceptsGoodValuesAndExplainsBadOnes(_ index: Int) {
        let (type, text, expected) = Self.cases[index]
        let field = FormField("f", "Field", type, text)
        switch field.parse(today: Self.today) {
        case .success(let value):
            if case .integer(1...1000, _) = type, text == "-0" {
                // -0 parses as 0, which is outside 1...1000: checked below as a failure instead.
                Issue.record("-0 should be out of range for capacity")
            }
            #expect(value == expected, "\(type) '\(text)'")
        case .failure(let error):
            if case .integer(1...1000, _) = type, text == "-0" {
                #expect(error.message.contains("1 to 1000"))
                return
            }
            #expect(expected == nil, "\(type) '\(text)' was refused: \(error.message)")
            // Every message says what would be valid.
            #expect(error.message.contains("use") || error.message.contains("pick") || error.message.contains("type"))
        }
    }
}

@Suite struct FormTests {
    func shell(_ width: Int = 100, _ height: Int = 30) -> Shell { Shell(Fixture.state(width: width, height: height)) }

    @Test func addAnAccountWithACJKNameAndFindItSelected() throws {
        var app = shell()
        app.keys(.char("4"), .char("a"))
        let form = try #require(app.state.form)
        #expect(form.kind == .account && form.focused.key == "name")
        app.type("成都新客户 Åström")
        app.keys(.tab)
        #expect(app.state.form?.focused.key == "roles")
        // Type-ahead in the roles list: "sup" narrows to supplier, Enter picks it.
        app.type("sup")
        #expect(app.state.form?.listOptions() == ["supplier", "customer and supplier"])
        app.keys(.down, .enter)
        #expect(app.state.form?.fields[1].text == "customer and supplier")
        app.keys(.ctrl("s"))
        #expect(app.commits == 1 && app.state.form == nil)
        let added = try #require(app.stored.accounts.values.first { $0.name == "成都新客户 Åström" })
        #expect(added.roles == [.customer, .supplier] && added.status == .active && added.version == 1)
        #expect(app.state.selectedAccountId == added.id)
        #expect(app.state.message?.text.contains("Added account") == true)
    }

    @Test func validationRunsAsYouTypeAndNothingInvalidIsSaved() throws {
        var app = shell()
        app.keys(.char("3"), .char("a"))
        #expect(app.state.form?.kind == .owner)
        // No errors before the user has typed anything.
        #expect(app.state.form?.fields.allSatisfy { $0.error == nil } == true)
        app.keys(.tab)
        #expect(app.state.form?.fields[0].error?.contains("must not be empty") == true)
        app.type("not-an-email")
        #expect(app.state.form?.fields[1].error?.contains("name@example.com") == true)
        #expect(app.state.render().text().contains("is not an email address"))
        app.keys(.ctrl("s"))
        #expect(app.commits == 0 && app.state.form != nil)
        #expect(app.state.form?.focus == 0)
        #expect(app.state.message?.isError == true)
        app.type("Ana Lima")
        app.keys(.tab, .ctrl("u"))
        app.type("ana@example.com")
        app.keys(.tab, .tab, .ctrl("u"))
        app.type("0")
        #expect(app.state.form?.fields[3].error?.contains("1 to 1000") == true)
        app.keys(.ctrl("u"))
        app.type("8")
        // A name another owner already has is refused with what to do.
        let taken = try #require(app.stored.owners.values.first)
        app.keys(.backTab, .backTab, .backTab, .ctrl("u"))
        app.type(taken.name.uppercased())
        #expect(app.state.form?.fields[0].error?.contains("is taken: another owner is named") == true)
        app.keys(.ctrl("u"))
        app.type("Ana Lima")
        app.keys(.ctrl("s"))
        let owner = try #require(app.stored.owners.values.first { $0.name == "Ana Lima" })
        #expect(owner.capacity == 8 && owner.email == "ana@example.com" && owner.active)
    }

    @Test func escapeAsksBeforeDroppingChanges() {
        var app = shell()
        app.keys(.char("a"), .escape)
        #expect(app.state.form == nil)
        app.keys(.char("a"))
        app.type("Half typed")
        app.keys(.escape)
        #expect(app.state.form?.confirmDiscard == true)
        #expect(app.state.render().text().contains("Discard your changes?"))
        app.keys(.char("n"))
        #expect(app.state.form?.fields[0].text == "Half typed" && app.state.form?.confirmDiscard == false)
        app.keys(.escape, .char("y"))
        #expect(app.state.form == nil && app.commits == 0)
    }

    @Test func ratingsShowTheirMeaningsAndMoveTheAccountInPartners() throws {
        var app = shell(120, 40)
        app.keys(.char("2"))
        let id = try #require(app.state.selectedAccountId)
        let before = try #require(app.state.dashboard.partnerRows[id])
        app.keys(.char("r"))
        let form = try #require(app.state.form)
        #expect(form.kind == .ratings)
        let screen = app.state.render().text()
        for field in [RatingField.inputCost, .conversionRisk, .informationSharing] {
            #expect(screen.contains(String(field.meaning.prefix(30))))
        }
        let input = try #require(form.index(of: "ratings.inputCost"))
        let risk = try #require(form.index(of: "ratings.conversionRisk"))
        for index in 0..<input {
            _ = index
            app.keys(.tab)
        }
        app.keys(.ctrl("u"))
        app.type("1")
        app.keys(.tab, .ctrl("u"))
        app.type("1")
        #expect(app.state.form?.focus == risk)
        app.keys(.ctrl("s"))
        let account = try #require(app.stored.accounts[id])
        #expect(account.ratings.inputCost == 1 && account.ratings.conversionRisk == 1)
        let after = try #require(app.state.dashboard.partnerRows[id])
        #expect(after.switchingCost == 0 && after.switchingCost < before.switchingCost || before.switchingCost == 0)
        #expect(after.commitment <= before.commitment)
    }

    @Test func undoAndRedoEveryChangeOfTheSession() throws {
        var app = shell()
        app.keys(.char("4"))
        let id = try #require(app.state.selectedAccountId)
        let original = try #require(app.stored.accounts[id])
        app.keys(.enter, .right, .char("a"))
        #expect(app.state.form?.kind == .contact)
        app.type("Zoë Wang")
        app.keys(.ctrl("s"))
        let contact = try #require(app.stored.contacts.values.first { $0.name == "Zoë Wang" })
        app.keys(.char("r"))
        app.keys(.ctrl("u"))
        app.type("5")
        app.keys(.ctrl("s"))
        #expect(app.stored.accounts[id]?.ratings.creditStatus == 5)
        // u reverts the rating, then the contact; Ctrl-R brings the contact back.
        app.keys(.char("u"))
        #expect(app.stored.accounts[id]?.ratings == original.ratings)
        #expect(app.state.message?.text.hasPrefix("Undone") == true)
        app.keys(.char("u"))
        #expect(app.stored.contacts[contact.id] == nil)
        app.keys(.char("u"))
        #expect(app.state.message?.text == "Nothing to undo in this session")
        app.keys(.ctrl("r"))
        #expect(app.stored.contacts[contact.id]?.name == "Zoë Wang")
        app.keys(.ctrl("r"))
        #expect(app.stored.accounts[id]?.ratings.creditStatus == 5)
        // A new change clears what could be redone.
        app.keys(.char("u"), .char("i"))
        app.type("call Checked in")
        app.keys(.enter)
        #expect(app.state.redoSteps.isEmpty)
        app.keys(.ctrl("r"))
        #expect(app.state.message?.text == "Nothing to redo")
    }

    @Test func undoRefusesToOverwriteSomeoneElsesLaterChange() throws {
        var app = shell()
        app.keys(.char("4"))
        let id = try #require(app.state.selectedAccountId)
        app.keys(.char("r"), .ctrl("u"))
        app.type("2")
        app.keys(.ctrl("s"))
        var theirs = try #require(app.stored.accounts[id])
        theirs.industry = "Changed by Bo"
        try app.theirEdit(.put(.account(theirs), base: theirs.version))
        app.keys(.char("u"))
        #expect(app.stored.accounts[id]?.industry == "Changed by Bo")
        #expect(app.state.message?.isError == true && app.state.message?.text.contains("cannot undo") == true)
    }

    @Test func deletingAnAccountWithHistoryOffersArchivingInstead() throws {
        var app = shell()
        app.keys(.char("4"))
        let id = try #require(app.state.selectedAccountId)
        app.keys(.char("d"))
        let question = try #require(app.state.confirm)
        #expect(question.actions.map(\.key) == ["a"])
        let screen = app.state.render().text()
        #expect(screen.contains("interactions") && screen.contains("archive"))
        app.keys(.char("y"))
        #expect(app.commits == 0 && app.stored.accounts[id]?.status != .archived)
        app.keys(.char("d"), .char("a"))
        #expect(app.stored.accounts[id]?.status == .archived)
        // A fresh account with nothing attached can go.
        app.keys(.char("a"))
        app.type("Short Lived Ltd")
        app.keys(.ctrl("s"))
        let fresh = try #require(app.stored.accounts.values.first { $0.name == "Short Lived Ltd" })
        #expect(app.state.selectedAccountId == fresh.id)
        app.keys(.char("d"))
        #expect(app.state.confirm?.actions.map(\.key) == ["y"])
        app.keys(.char("y"))
        #expect(app.stored.accounts[fresh.id] == nil)
    }

    @Test func deletingAnOwnerWithAccountsMarksThemInactive() throws {
        var app = shell()
        app.keys(.char("3"))
        let id = try #require(app.state.selectedOwnerId)
        try #require(app.stored.owners[id]?.active == true)
        app.keys(.char("d"))
        #expect(app.state.confirm?.actions.map(\.key) == ["i"])
        app.keys(.char("i"))
        #expect(app.stored.owners[id]?.active == false)
    }

    @Test func everyKindOfRecordHasAForm() throws {
        var app = shell()
        let supplier = try #require(
            app.stored.accounts.values.sorted { $0.id < $1.id }.first { $0.isSupplier && $0.isCustomer })
        app.state.detail = supplier.id
        let entries: [(DetailSection, String, RecordKind)] = [
            (.interactions, "summary", .interaction), (.contacts, "name", .contact), (.sales, "amount", .sale),
            (.purchases, "amount", .purchase),
        ]
        for (section, key, kind) in entries {
            app.state.detailSection = section
            let before = app.stored.count(of: kind)
            app.keys(.char("a"))
            let form = try #require(app.state.form, "no form for \(section)")
            let index = try #require(form.index(of: key))
            app.state.form?.focus = index
            app.type(kind == .interaction ? "Site visit" : (kind == .contact ? "Li Na" : "1,234.50"))
            app.keys(.ctrl("s"))
            #expect(
                app.state.form == nil, "\(kind) form did not save: \(app.state.form?.fields.compactMap(\.error) ?? [])")
            #expect(app.stored.count(of: kind) == before + 1)
        }
        // An evaluation for a month that has none yet.
        app.state.detailSection = .evaluations
        app.keys(.char("a"))
        app.keys(.ctrl("u"))
        app.type("2019-01")
        app.keys(.tab)
        app.type("80")
        app.keys(.ctrl("s"))
        let evaluation = try #require(
            app.stored.evaluations.values.first { $0.accountId == supplier.id && $0.period.description == "2019-01" })
        #expect(evaluation.scores == [.quality: 80])
        // e edits the selected record; the change lands on the same id with the next version.
        app.state.detailSection = .sales
        app.state[.detail] = ListState()
        let sale = try #require(app.state.selectedDetailRecord)
        app.keys(.char("e"))
        #expect(app.state.form?.original == sale)
        app.state.form?.focus = 1
        app.keys(.ctrl("u"))
        app.type("99")
        app.keys(.ctrl("s"))
        guard case .sale(let saved)? = app.stored.record(of: .sale, id: sale.id) else {
            Issue.record("sale vanished")
            return
        }
        #expect(saved.amount == Money(cents: 9900) && saved.version == sale.version + 1)
    }

    @Test func aConflictShowsTheirsAndMineAndSavesTheChosenMix() throws {
        var app = shell(120, 40)
        app.keys(.char("4"))
        let id = try #require(app.state.selectedAccountId)
        app.keys(.char("e"))
        let form = try #require(app.state.form)
        // I change the region...
        app.state.form?.focus = try #require(form.index(of: "region"))
        app.keys(.ctrl("u"))
        app.type("Mine Region")
        // ...while Bo changes the industry and saves first.
        var theirs = try #require(app.stored.accounts[id])
        theirs.industry = "Bo's Industry"
        try app.theirEdit(.put(.account(theirs), base: theirs.version))
        #expect(app.state.form != nil && app.state.message?.text.contains("Someone else just changed") == true)
        app.keys(.ctrl("s"))
        let conflict = try #require(app.state.form?.conflict)
        let rows = app.state.conflictRows(app.state.form!)
        #expect(rows.map { app.state.form!.fields[$0].key } == ["industry", "region"])
        // Defaults: theirs where I did not type, mine where I did.
        #expect(rows.map { conflict.keepMine[$0] } == [false, true])
        let screen = app.state.render().text()
        #expect(screen.contains("Bo's Industry") && screen.contains("Mine Region") && screen.contains("Theirs"))
        app.keys(.enter)
        let saved = try #require(app.stored.accounts[id])
        #expect(saved.industry == "Bo's Industry" && saved.region == "Mine Region")
        #expect(saved.version == theirs.version + 2)
        #expect(app.state.form == nil)
    }

    @Test func keepTheirsDropsMyEditAndKeepMineOverwritesOnlyWhenAsked() throws {
        var app = shell()
        app.keys(.char("4"))
        let id = try #require(app.state.selectedAccountId)
        app.keys(.char("e"), .ctrl("u"))
        app.type("My Name For It")
        var theirs = try #require(app.stored.accounts[id])
        theirs.name = "Their Name For It"
        try app.theirEdit(.put(.account(theirs), base: theirs.version))
        app.keys(.ctrl("s"))
        #expect(app.state.form?.conflict != nil)
        app.keys(.char("t"))
        #expect(app.stored.accounts[id]?.name == "Their Name For It" && app.state.form == nil)
        app.keys(.char("e"), .ctrl("u"))
        app.type("Mine Again")
        var again = try #require(app.stored.accounts[id])
        again.notes = "their note"
        try app.theirEdit(.put(.account(again), base: again.version))
        app.keys(.ctrl("s"), .char("m"))
        #expect(app.stored.accounts[id]?.name == "Mine Again")
        // "keep mine" keeps every field of mine, including the notes I did not touch.
        #expect(app.stored.accounts[id]?.notes != "their note")
    }

    @Test func fieldsTheFormDoesNotShowKeepTheirNewestValues() throws {
        var app = shell()
        app.keys(.char("4"))
        let id = try #require(app.state.selectedAccountId)
        app.keys(.char("e"), .ctrl("u"))
        app.type("Renamed By Ana")
        // Bo rates the account meanwhile: ratings are not on the account form.
        var theirs = try #require(app.stored.accounts[id])
        theirs.ratings.inputCost = theirs.ratings.inputCost == 5 ? 1 : 5
        try app.theirEdit(.put(.account(theirs), base: theirs.version))
        app.keys(.ctrl("s"), .char("m"))
        let saved = try #require(app.stored.accounts[id])
        #expect(saved.name == "Renamed By Ana")
        #expect(saved.ratings == theirs.ratings)
    }

    @Test func notesFromTheEditorAreSavedWithoutTheTrailingNewline() throws {
        var app = shell()
        app.keys(.char("4"))
        let id = try #require(app.state.selectedAccountId)
        let account = try #require(app.stored.accounts[id])
        let effects = app.state.update(.key(.char("E")))
        #expect(effects == [.editNotes(account: id, text: account.notes, base: account.version)])
        app.send(.notesEdited(account: id, base: account.version, text: "Line one\nLine two\n"))
        #expect(app.stored.accounts[id]?.notes == "Line one\nLine two")
        let current = try #require(app.stored.accounts[id])
        app.send(.notesEdited(account: id, base: current.version, text: "bad \u{1B}]52;c;evil\u{7}\n"))
        #expect(app.stored.accounts[id]?.notes == "Line one\nLine two")
        #expect(app.state.message?.text.contains("control character") == true)
    }

    @Test func detailSectionsAndHistory() throws {
        var app = shell()
        app.keys(.char("4"), .enter)
        let id = try #require(app.state.detail)
        #expect(app.state.detailSection == .interactions)
        app.keys(.right)
        #expect(app.state.detailSection == .contacts)
        let effects = app.state.update(.key(.left))
        #expect(effects.isEmpty && app.state.detailSection == .interactions)
        let history = app.state.update(.key(.left))
        guard case .loadHistory(let account, let ids)? = history.first else {
            Issue.record("expected a history request, got \(history)")
            return
        }
        #expect(account == id && ids.contains(id))
        #expect(app.state.render().text().contains("Loading history"))
        let owner = try #require(app.stored.owners.values.first)
        let item = HistoryItem(
            at: Timestamp("2026-06-30T09:15:00Z")!, by: "ana", kind: .account, id: id, action: .changed,
            changes: [FieldChange(field: "ownerId", from: "", to: owner.id)])
        app.send(.history(account: id, [item]))
        let screen = app.state.render().text()
        #expect(screen.contains("2026-06-30 09:15") && screen.contains("ana"))
        #expect(screen.contains("owner: – → \(owner.name)"))
    }

    @Test func formsFitSmallTerminalsAndStayInert() throws {
        var app = shell(60, 15)
        app.keys(.char("4"), .char("a"))
        app.type("Evil\u{1B}[2J Co")
        let frame = app.state.render()
        #expect(!frame.text().contains("\u{1B}"))
        #expect(frame.text().contains("Evil[2J Co"))
        for _ in 0..<10 { app.keys(.tab) }
        #expect(app.state.render().text().contains("Notes"))
        // Too small to see the form: keys neither edit it blind nor quit and drop it.
        app.send(.resize(width: 40, height: 10))
        #expect(app.state.render().text().contains("Enlarge the window to finish the form"))
        let typed = app.state.form?.fields.map(\.text)
        #expect(app.state.update(.key(.char("q"))).isEmpty)
        app.keys(.char("x"), .ctrl("s"), .escape)
        #expect(app.state.form?.fields.map(\.text) == typed && app.commits == 0)
        app.send(.resize(width: 60, height: 15))
        #expect(app.state.form != nil)
    }
}

@Suite struct ReferenceFieldTests {
    /// A sale's invoice number and a purchase's order number are entered in their forms, and an
    /// empty one stays absent (so a re-import still matches by content).
    @Test func salesAndPurchasesCarryTheirReference() throws {
        let customer = Account(id: "a1", name: "Alpha AB", roles: [.customer, .supplier])
        let portfolio = Portfolio(accounts: [customer])
        let today = Day("2026-06-30")!
        func built(_ form: Form, _ values: [String: String]) throws -> AnyRecord {
            var form = form
            for (key, value) in values {
                let index = try #require(form.index(of: key))
                form.fields[index].editor = LineEditor(value)
            }
            return try form.build(in: portfolio, today: today).get()
        }
        guard
            case .sale(let sale) = try built(
                Form.sale(nil, account: customer, today: today), ["amount": "12", "reference": "INV-7"])
        else { throw CancellationError() }
        #expect(sale.reference == "INV-7")
        guard case .sale(let bare) = try built(Form.sale(nil, account: customer, today: today), ["amount": "12"])
        else { throw CancellationError() }
        #expect(bare.reference == nil)
        guard
            case .purchase(let purchase) = try built(
                Form.purchase(nil, account: customer, today: today), ["amount": "5", "reference": "PO-9"])
        else { throw CancellationError() }
        #expect(purchase.reference == "PO-9")
        // Editing shows the stored reference.
        let form = Form.sale(sale, account: customer, today: today)
        #expect(form.fields[try #require(form.index(of: "reference"))].text == "INV-7")
    }
}
