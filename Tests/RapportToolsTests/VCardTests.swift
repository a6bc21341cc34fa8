import Foundation
import Testing

@testable import RapportDomain
@testable import RapportTools

/// vCards as Google Contacts, Outlook and Apple Contacts export them, and as Rapport writes them.
@Suite struct VCardTests {
    static let store = Portfolio(
        accounts: [
            Account(id: "acc-000001", name: "Contoso Ltd", roles: [.customer]),
            Account(id: "acc-000002", name: "Kontorsmöbler AB", roles: [.customer]),
            Account(id: "acc-000003", name: "宁波纺织有限公司", roles: [.customer]),
            Account(id: "acc-000004", name: "Smith, Jones; Partners", roles: [.customer]),
        ])

    func cards(_ text: String) throws -> [VCard.Card] { try VCard.parse(Array(text.utf8), file: "test.vcf") }

    func imported(_ text: String, into portfolio: Portfolio = store, newAccounts: Bool = false) throws -> ImportPlan {
        try Importer(kind: .contact, createsAccounts: newAccounts).plan(vCards: try cards(text), into: portfolio)
    }

    /// The one contact a one-card file gives, and the plan.
    func onlyContact(_ text: String) throws -> (Contact, ImportPlan) {
        let plan = try imported(text)
        return (try #require(try applied(plan, to: Self.store).contacts.values.first), plan)
    }

    static let google = """
        BEGIN:VCARD\r
        VERSION:3.0\r
        FN:Rina Wijaya\r
        N:Wijaya;Rina;;;\r
        EMAIL;TYPE=INTERNET;TYPE=WORK:rina@contoso.example\r
        TEL;TYPE=CELL:+62 812 555 0101\r
        ORG:Contoso Ltd\r
        TITLE:Procurement Lead\r
        item1.URL:https\\://contoso.example\r
        item1.X-ABLabel:\r
        CATEGORIES:myContacts\r
        END:VCARD\r

        """

    static let outlook = """
        BEGIN:VCARD\r
        VERSION:2.1\r
        N;LANGUAGE=sv;CHARSET=UTF-8:Öberg;Åsa\r
        FN;CHARSET=UTF-8:Åsa Öberg\r
        ORG;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Kontorsm=C3=B6bler AB;Ink=C3=B6p\r
        TITLE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Ink=C3=B6pschef, Norden och Balt=\r
        ikum\r
        TEL;WORK;VOICE:+46 8 555 010 10\r
        TEL;CELL;VOICE:+46 70 555 01 01\r
        EMAIL;PREF;INTERNET:asa.oberg@kontors.example\r
        NOTE;ENCODING=QUOTED-PRINTABLE:Met at the fair=0D=0ALikes email\r
        X-MS-OL-DEFAULT-POSTAL-ADDRESS:0\r
        REV:20261120T101500Z\r
        END:VCARD\r

        """

    static let apple = """
        BEGIN:VCARD
        VERSION:3.0
        PRODID:-//Apple Inc.//macOS 15.1//EN
        N:王;伟;;;
        FN:王伟
        ORG:宁波纺织有限公司;
        TITLE:采购经理
        item1.EMAIL;type=INTERNET;type=pref:wang.wei@ningbo.example
        item2.EMAIL;type=INTERNET:ww@home.example
        item1.TEL;type=pref:+86 574 5555 0101
        ADR;type=WORK;type=pref:;;1 Harbour Rd;Ningbo;;315000;China
        NOTE:Prefers WeChat\\, then email\\; visit twice a year
        END:VCARD

        """

    @Test func googleContacts() throws {
        let (contact, plan) = try onlyContact(Self.google)
        #expect(plan.created == 1)
        #expect(contact.accountId == "acc-000001")
        #expect(contact.name == "Rina Wijaya")
        #expect(contact.title == "Procurement Lead")
        #expect(contact.email == "rina@contoso.example")
        #expect(contact.phone == "+62 812 555 0101")
        #expect(plan.ignoredProperties == ["CATEGORIES", "URL"])
    }

    @Test func outlook21WithQuotedPrintableAndSoftBreaks() throws {
        let (contact, plan) = try onlyContact(Self.outlook)
        #expect(contact.accountId == "acc-000002")
        #expect(contact.name == "Åsa Öberg")
        #expect(contact.title == "Inköpschef, Norden och Baltikum")
        #expect(contact.email == "asa.oberg@kontors.example")
        #expect(contact.phone == "+46 8 555 010 10")  // the work number, not the mobile
        #expect(plan.ignoredProperties == ["NOTE"])
    }

    @Test func appleContactsGroupedAndPreferred() throws {
        let (contact, plan) = try onlyContact(Self.apple)
        #expect(contact.accountId == "acc-000003")
        #expect(contact.name == "王伟")
        #expect(contact.email == "wang.wei@ningbo.example")
        #expect(contact.phone == "+86 574 5555 0101")
        let note = try #require(try cards(Self.apple).first?.first("NOTE"))
        #expect(note.text == "Prefers WeChat, then email; visit twice a year")
        #expect(plan.ignoredProperties == ["ADR", "NOTE"])
    }

    @Test func vCard4WithTelURIsAndQuotedParameters() throws {
        let text = """
            BEGIN:VCARD
            VERSION:4.0
            FN:Li Na
            ORG:Contoso Ltd
            EMAIL;TYPE=work;PREF=1:li@contoso.example
            EMAIL;TYPE=home:li@home.example
            TEL;VALUE=uri;TYPE="voice,work":tel:+1-555-0100
            END:VCARD
            """
        let (contact, _) = try onlyContact(text)
        #expect(contact.email == "li@contoso.example")
        #expect(contact.phone == "+1-555-0100")
    }

    @Test func unknownOrganisationIsACardErrorUnlessNewAccounts() throws {
        let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nORG:Nowhere Inc\nEND:VCARD\n"
        let error = #expect(throws: ImportError.self) { try imported(text) }
        #expect(error?.description.contains("card 1, property 'ORG' value 'Nowhere Inc'") == true)
        #expect(error?.description.contains("--new-accounts") == true)
        let plan = try imported(text, newAccounts: true)
        #expect(plan.newAccounts == ["Nowhere Inc"])
        let portfolio = try applied(plan, to: Self.store)
        #expect(portfolio.account(matching: "Nowhere Inc")?.isCustomer == true)
        #expect(portfolio.contacts.values.first?.name == "Ann")
    }

    @Test func brokenFilesSayWhere() {
        for (text, words) in [
            ("BEGIN:VCARD\nFN:Ann\n", "test.vcf:1: this card has no END:VCARD"),
            ("FN:Ann\n", "test.vcf:1: FN outside a card"),
            ("hello\n", "has no ':'"),
            ("", "no BEGIN:VCARD found"),
        ] {
            let error = #expect(throws: VCard.ReadError.self) { try cards(text) }
            #expect(error?.description.contains(words) == true, "\(error?.description ?? "")")
        }
    }

    @Test(arguments: [
        ("a\\,b", "a,b"), ("a\\;b", "a;b"), ("a\\\\b", "a\\b"), ("a\\nb", "a\nb"), ("a\\Nb", "a\nb"), ("a\\", "a\\"),
        ("plain", "plain"),
    ])
    func everyEscape(raw: String, text: String) {
        #expect(VCard.unescape(raw[...]) == text)
        #expect(VCard.unescape(ContentLine.escape(text)[...]) == text)
    }

    @Test func structuredValuesSplitOnUnescapedSemicolons() throws {
        let card = try #require(try cards("BEGIN:VCARD\nORG:Smith\\, Jones\\; Partners;Sales\nEND:VCARD\n").first)
        #expect(card.first("ORG")?.components == ["Smith, Jones; Partners", "Sales"])
    }

    @Test func foldingIsAt75OctetsAndNeverSplitsACharacter() throws {
        let long = "TITLE:" + String(repeating: "采购", count: 40) + String(repeating: "x", count: 30)
        let folded = ContentLine.fold(long)
        #expect(folded.hasSuffix("\r\n"))
        let lines = folded.dropLast(2).components(separatedBy: "\r\n")
        #expect(lines.count > 2)
        for (index, line) in lines.enumerated() {
            #expect(line.utf8.count <= 75, "\(line)")
            #expect(index == 0 || line.hasPrefix(" "))
        }
        // Unfolding gives the line back.
        let card = try #require(try cards("BEGIN:VCARD\r\n" + folded + "END:VCARD\r\n").first)
        #expect("TITLE:" + (card.first("TITLE")?.text ?? "") == long)
    }

    @Test func exportReadsBackAsTheSameContacts() throws {
        var portfolio = Self.store
        let contacts = [
            Contact(
                id: "con-000001", accountId: "acc-000004", name: "Rina Wijaya", title: "Buyer, North; South",
                email: "r1@example.com", phone: "+62 21 555", preferredChannel: .email),
            Contact(id: "con-000002", accountId: "acc-000004", name: "Rina Wijaya", email: "r2@example.com"),
            Contact(id: "con-000003", accountId: "acc-000003", name: "王伟", title: String(repeating: "采购经理", count: 20)),
        ]
        for contact in contacts { try portfolio.apply(.put(.contact(contact), base: nil)) }
        let text = VCard.write(contacts, in: portfolio, revised: Timestamp("2026-11-29T10:00:00Z")!)
        #expect(text.contains("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:con-000001\r\nFN:Rina Wijaya\r\nN:Wijaya;Rina;;;\r\n"))
        #expect(text.contains("ORG:Smith\\, Jones\\; Partners\r\n"))
        #expect(text.contains("TITLE:Buyer\\, North\\; South\r\n"))
        #expect(text.contains("REV:20261129T100000Z\r\n"))
        #expect(text.contains("N:王伟;;;;\r\n"))
        #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        // Into an empty store with the same accounts: the same records, ids and all.
        let rebuilt = try applied(try imported(text, into: Self.store), to: Self.store)
        #expect(rebuilt.records(of: .contact) == portfolio.records(of: .contact))
        // Into the store they came from: nothing changes.
        #expect(try imported(text, into: portfolio).unchanged == 3)
    }
}
