import RapportDomain
import RapportTheme

extension AppState {
    /// The form box: a label, an input and a note (error, else help) per field; the focused field's
    /// whole message at the foot.
    func drawForm(_ frame: inout Frame, _ form: Form) {
        let boxWidth = min(width - 2, 104)
        let room = height - 3 - 4
        let shown = max(1, min(form.fields.count, room))
        let boxHeight = shown + 4
        let area = Rect(
            x: (width - boxWidth) / 2, y: max(1, (height - 2 - boxHeight) / 2), width: boxWidth, height: boxHeight)
        frame.fill(x: area.x, y: area.y, width: area.width, height: area.height)
        Widgets.box(&frame, area, title: form.title)
        if let conflict = form.conflict {
            drawConflict(&frame, form, conflict, area)
            return
        }
        let labelWidth = min(20, (form.fields.map { TerminalText.width($0.label) }.max() ?? 8) + 1)
        let inputX = area.x + 2 + labelWidth + 1
        let top = max(0, form.focus - shown + 1)
        var listAnchor: (x: Int, y: Int, width: Int)?
        for (row, index) in (top..<min(form.fields.count, top + shown)).enumerated() {
            let field = form.fields[index]
            let y = area.y + 1 + row
            let focused = index == form.focus
            frame.put(
                field.label, x: area.x + 2, y: y, style: focused ? .accent : (field.error == nil ? .normal : .error),
                limit: labelWidth)
            let inputWidth = max(4, min(field.type.inputWidth, area.x + area.width - inputX - 12))
            frame.fill(x: inputX, y: y, width: inputWidth, height: 1, style: focused ? .selected : .status)
            var editor = field.editor
            if focused, let list = form.list { editor = LineEditor(list.query) }
            let (text, cursor) = editor.visible(width: inputWidth)
            frame.put(text, x: inputX, y: y, style: focused ? .selected : .status, limit: inputWidth)
            if focused {
                let cursorX = inputX + min(cursor, inputWidth - 1)
                var cell = frame[cursorX, y]
                cell.style = .tabActive
                if cell.continuation, cursorX > 0 { frame[cursorX - 1, y].style = .tabActive }
                frame[cursorX, y] = cell
                if field.type.isChoice {
                    listAnchor = (inputX, y + 1, inputWidth)
                    if form.list == nil {
                        frame.put("▾", x: inputX + inputWidth - 1, y: y, style: .selected)
                    }
                }
            }
            let noteX = inputX + inputWidth + 2
            let note = field.error ?? field.help
            frame.put(
                note, x: noteX, y: y, style: field.error == nil ? .dim : .error,
                limit: area.x + area.width - 1 - noteX)
        }
        let footerY = area.y + area.height - 2
        if form.confirmDiscard {
            frame.put(
                "Discard your changes? y discards them, any other key keeps editing", x: area.x + 2, y: footerY,
                style: .error, limit: area.width - 4)
        } else if let error = form.focused.error ?? form.formError {
            frame.put(
                form.focused.label + ": " + error, x: area.x + 2, y: footerY, style: .error, limit: area.width - 4)
        } else {
            let help = form.focused.help.isEmpty ? form.focused.example : form.focused.help
            frame.put(form.focused.label + ": " + help, x: area.x + 2, y: footerY, style: .dim, limit: area.width - 4)
        }
        if let anchor = listAnchor, let list = form.list { drawChoices(&frame, form, list, anchor) }
    }

    func drawChoices(_ frame: inout Frame, _ form: Form, _ list: ChoiceList, _ anchor: (x: Int, y: Int, width: Int)) {
        let options = form.listOptions()
        let rows = max(1, min(options.count, 8, height - 3 - anchor.y))
        let listWidth = min(
            width - anchor.x, max(anchor.width, (options.map { TerminalText.width($0) }.max() ?? 0) + 4))
        let area = Rect(x: anchor.x, y: anchor.y, width: listWidth, height: rows + 2)
        frame.fill(x: area.x, y: area.y, width: area.width, height: area.height)
        Widgets.box(&frame, area, title: options.isEmpty ? "no match" : "\(options.count)")
        let top = max(0, list.highlighted - rows + 1)
        for (row, index) in (top..<min(options.count, top + rows)).enumerated() {
            let label = options[index].isEmpty ? "(none)" : options[index]
            let style: Style = index == list.highlighted ? .selected : .normal
            frame.fill(x: area.x + 1, y: area.y + 1 + row, width: area.width - 2, height: 1, style: style)
            frame.put(label, x: area.x + 2, y: area.y + 1 + row, style: style, limit: area.width - 3)
        }
    }

    /// Theirs against mine, one line per field that differs; Space picks per field.
    func drawConflict(_ frame: inout Frame, _ form: Form, _ conflict: FormConflict, _ area: Rect) {
        let rows = conflictRows(form)
        let inner = area.width - 4
        let labelWidth = 16
        let column = max(8, (inner - labelWidth - 8) / 2)
        var y = area.y + 1
        let intro =
            conflict.theirs == nil
            ? "Someone deleted this record while you edited it."
            : "Someone saved this record while you edited it. Their version ← → yours:"
        frame.put(intro, x: area.x + 2, y: y, style: .error, limit: inner)
        y += 1
        frame.put("Field", x: area.x + 2, y: y, style: .header, limit: labelWidth)
        frame.put("Theirs", x: area.x + 2 + labelWidth, y: y, style: .header, limit: column)
        frame.put("Yours", x: area.x + 2 + labelWidth + column + 1, y: y, style: .header, limit: column)
        frame.put("Keep", x: area.x + area.width - 7, y: y, style: .header)
        y += 1
        for (offset, index) in rows.enumerated() where y < area.y + area.height - 2 {
            let selected = offset == conflict.selected
            let style: Style = selected ? .selected : .normal
            if selected { frame.fill(x: area.x + 1, y: y, width: area.width - 2, height: 1, style: .selected) }
            frame.put(form.fields[index].label, x: area.x + 2, y: y, style: style, limit: labelWidth - 1)
            frame.put(conflict.theirTexts[index], x: area.x + 2 + labelWidth, y: y, style: style, limit: column)
            frame.put(form.fields[index].text, x: area.x + 3 + labelWidth + column, y: y, style: style, limit: column)
            frame.put(conflict.keepMine[index] ? "yours" : "theirs", x: area.x + area.width - 8, y: y, style: style)
            y += 1
        }
        if rows.isEmpty {
            frame.put("Your values and theirs are the same.", x: area.x + 2, y: y, style: .dim, limit: inner)
        }
        frame.put(
            "Space: switch field · Enter: save this mix · m: keep all yours · t: keep theirs · Esc: back",
            x: area.x + 2, y: area.y + area.height - 2, style: .hint, limit: inner)
    }

    /// A question box: what will happen, and the keys that answer.
    func drawConfirm(_ frame: inout Frame, _ question: Confirm) {
        let lines =
            question.lines
            + [
                question.actions.map { "\($0.key): \($0.label)" }.joined(separator: " · ")
                    + (question.actions.isEmpty ? "Esc: close" : " · any other key: keep it as it is")
            ]
        let boxWidth = min(width - 4, max(40, (lines.map { TerminalText.width($0) }.max() ?? 0) + 4))
        let area = Rect(
            x: (width - boxWidth) / 2, y: max(1, (height - lines.count - 2) / 2), width: boxWidth,
            height: min(height - 3, lines.count + 2))
        frame.fill(x: area.x, y: area.y, width: area.width, height: area.height)
        Widgets.box(&frame, area, title: question.title)
        for (offset, line) in lines.enumerated() where offset < area.height - 2 {
            frame.put(
                line, x: area.x + 2, y: area.y + 1 + offset, style: offset == lines.count - 1 ? .hintKey : .normal,
                limit: area.width - 4)
        }
    }
}
