"""The Companies view's model: ticker, short name, full name, segment, industry (all editable)."""

from __future__ import annotations

from ui.models.base import StoreTableModel
from ui.models.columns import Column, translate
from workbench.errors import ValidationError


class CompanyTableModel(StoreTableModel):
    """Companies in report order: ticker, short name, full name, segment, industry (all editable)."""

    TICKER, NAME, FULL_NAME, SEGMENT, INDUSTRY = range(5)
    group_column = SEGMENT

    def _make_columns(self) -> list[Column]:
        return [
            Column("ticker", translate("CompanyTableModel", "Ticker"), editable=True, width=110, searchable=True),
            Column("name", translate("CompanyTableModel", "Name"), editable=True, width=120, collate=True,
                   searchable=True),
            Column("full_name", translate("CompanyTableModel", "Full name"), editable=True, width=300, collate=True,
                   searchable=True, stretch=True),
            Column("segment", translate("CompanyTableModel", "Segment"), editable=True, width=160, collate=True,
                   searchable=True),
            Column("industry", translate("CompanyTableModel", "Industry"), editable=True, width=110, collate=True,
                   searchable=True),
        ]

    def _load(self):
        companies = self.session.store.companies()
        keys = [c["ticker"] for c in companies]
        rows = [[c["ticker"], c["name"], c["full_name"], c["segment"], c["industry"]] for c in companies]
        return keys, rows

    def _row_from_store(self, ticker: str) -> list:
        c = self.session.store.company(ticker)
        return [c["ticker"], c["name"], c["full_name"], c["segment"], c["industry"]]

    def groups(self) -> list[str]:
        return self.session.store.segments()

    def edit_for(self, row, column, value):
        from workbench.edits import RenameTicker, SetCompanyField, clean_text  # (loaded with the first edit)

        ticker = self._keys[row]
        key = self.columns[column].key
        if key == "ticker":
            text = clean_text(value)
            if text is None:
                raise ValidationError(translate("CompanyTableModel", "The ticker cannot be empty."))
            edit = RenameTicker(ticker, text)  # normalises; raises for an invalid ticker
            return None if edit.new == ticker else edit
        new = clean_text(value)
        if new == self._rows[row][column]:
            return None
        if key == "name" and new is None:
            raise ValidationError(translate("CompanyTableModel", "The company name cannot be empty."))
        return SetCompanyField(ticker, key, new)

    def add_edit(self, ticker: str, name: str, segment: str | None = None):
        from workbench.edits import AddCompany

        return AddCompany(ticker, name, segment)

    def delete_edit(self, cells):
        rows = sorted({r for r, _ in cells})
        if not rows:
            return None, ""
        tickers = [self._keys[r] for r in rows]
        names = "、".join(str(self._rows[r][self.NAME]) for r in rows[:5]) + ("…" if len(rows) > 5 else "")
        question = translate("CompanyTableModel", "Delete %1 companies (%2) with all their financial data?") \
            .replace("%1", str(len(rows))).replace("%2", names)
        from workbench.edits import DeleteCompanies

        return DeleteCompanies(tickers), question

    def edit_text_for(self, edit):
        from workbench.edits import AddCompany, DeleteCompanies, RenameTicker, SetCompanyField

        if isinstance(edit, RenameTicker):
            return translate("CompanyTableModel", "Change ticker %1").replace("%1", edit.new)
        if isinstance(edit, DeleteCompanies):
            return translate("CompanyTableModel", "Delete companies")
        if isinstance(edit, AddCompany):
            return translate("CompanyTableModel", "Add company %1").replace("%1", edit.name)
        if isinstance(edit, SetCompanyField):  # the company and the field, so two edits read apart
            row = self._pos.get(edit.ticker)
            name = edit.ticker if row is None else self._rows[row][self.NAME]
            title = next((c.title for c in self.columns if c.key == edit.field_name), edit.field_name)
            return translate("CompanyTableModel", "Edit %1 %2").replace("%1", str(name)).replace("%2", title)
        return translate("CompanyTableModel", "Edit company")

    def _on_session_changed(self, changes) -> None:
        if changes.rows:
            self.reload()
            return
        if changes.renamed:
            self._rekey(changes.renamed, self.TICKER)
        for ticker in changes.companies:
            row = self._pos.get(ticker)
            if row is not None:
                self._refresh_row(row, self._row_from_store(ticker))
