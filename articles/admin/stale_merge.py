"""The second attempt after a stale save: only what this person changed is applied.

A save based on an older version than the current one is refused (ArticleAdminForm). The form
comes back holding the current version with this person's changes applied — changes measured
against the revision they loaded. Each field, and each byline and public note row, takes:

- theirs (the current version), where this person left it as loaded;
- mine, where the others left it as loaded, or where both made the same change;
- mine for now, listed as a conflict, where both changed it differently: the person ticks
  “Keep theirs” for the ones they want back, and saves again.

Byline rows are the same row when they name the same author (an article names an author once);
the Editor's Note is one row per article, corrections are matched by when they were written.
"""

from dataclasses import dataclass

from authors.models import Author

from ..models import Byline, EditorNote, bylines_of

THEIRS, MINE = "theirs", "mine"
REMOVED = "(removed)"


def three_way(base, mine, theirs, *, known_base=True):
    """THEIRS, MINE, or None when both changed it differently (mine is kept until chosen)."""
    if known_base and mine == base:
        return THEIRS
    if mine == theirs or (known_base and theirs == base):
        return MINE
    return None


@dataclass
class Conflict:
    name: str  # the value of its “Keep theirs” checkbox
    label: str
    mine: object
    theirs: object


def text(value):
    """A value as the browser posts it: line ends as typed, no surrounding space."""
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


def _ticked(value):
    return text(value).lower() not in ("", "false", "0", "off")


# --- rows as the formset posts them ----------------------------------------------------------


@dataclass
class Row:
    pk: str  # "" for a row that is not in the database (yet)
    values: dict  # editable field → text
    deleted: bool = False
    raw: dict = None  # everything posted for the row, to give back unchanged rows untouched


def read_rows(data, prefix, fields):
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), 1000)
    except ValueError:
        total = 0
    rows = []
    for i in range(total):
        start = f"{prefix}-{i}-"
        raw = {key[len(start) :]: data.get(key) for key in data if key.startswith(start)}
        rows.append(
            Row(text(raw.get("id")), {f: text(raw.get(f)) for f in fields},
                _ticked(raw.get("DELETE")), raw)
        )  # fmt: skip
    return rows


def write_rows(data, prefix, rows, *, parent_pk, fk_name):
    """Put ``rows`` into ``data`` (a mutable QueryDict): rows with a pk first, as formsets need."""
    rows = [r for r in rows if r.pk] + [r for r in rows if not r.pk]
    for key in [k for k in data if k.startswith(f"{prefix}-") and "_FORMS" not in k]:
        del data[key]
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = str(sum(1 for r in rows if r.pk))
    for i, row in enumerate(rows):
        fields = {**(row.raw or {}), **row.values, "id": row.pk, fk_name: str(parent_pk)}
        fields.pop("DELETE", None)
        if row.deleted:
            fields["DELETE"] = "on"
        for name, value in fields.items():
            data[f"{prefix}-{i}-{name}"] = "" if value is None else value
    return data


# --- what a byline or public note row is, in each version ------------------------------------


class RowKind:
    prefix = ""
    noun = ""

    def current(self, article):
        """[(pk, key, values)] of the rows in the database now, in the form's order."""
        raise NotImplementedError

    def loaded(self, snapshot):
        """{key: values} of the rows in the revision the person loaded."""
        raise NotImplementedError

    def key(self, row, current_by_pk, loaded=None):
        """The row's identity across versions, or None for a new row that has none.
        ``loaded`` ({key: values} of the revision loaded) helps place rows deleted since."""
        raise NotImplementedError

    def describe(self, values):
        raise NotImplementedError

    def labels(self, keys):
        return {key: f"{self.noun} {key}" for key in keys}


class BylineRows(RowKind):
    prefix, noun = "bylines", "Byline"
    fields = ("author", "position", "role", "bio_line")

    def _values(self, author, position, role, bio_line):
        return {"author": text(author), "position": text(position), "role": text(role),
                "bio_line": text(bio_line)}  # fmt: skip

    def current(self, article):
        rows = Byline.objects.filter(article=article).order_by("position", "pk")
        return [
            (str(b.pk), str(b.author_id),
             self._values(b.author_id, b.position, b.role, b.bio_line))
            for b in rows
        ]  # fmt: skip

    def loaded(self, snapshot):
        return {
            str(b["author_id"]): self._values(b["author_id"], b["position"], b["role"],
                                              b.get("bio_line", ""))
            for b in bylines_of(snapshot)
        }  # fmt: skip

    def key(self, row, current_by_pk, loaded=None):
        return row.values.get("author") or None

    def describe(self, values):
        if values is None:
            return REMOVED
        role = dict(Byline.Role.choices).get(values["role"], values["role"])
        bio = f"; bio line: {values['bio_line']}" if values["bio_line"] else ""
        return f"{role}, position {values['position']}{bio}"

    def labels(self, keys):
        ids = [int(k) for k in keys if k.isdigit()]
        names = {str(a.pk): a.display_name for a in Author.objects.filter(pk__in=ids)}
        return {key: f"Byline: {names.get(key, 'unknown author')}" for key in keys}


class PublicNoteRows(RowKind):
    prefix, noun = "notes", "Public note"
    fields = ("kind", "body")

    @staticmethod
    def _values(kind, body):
        return {"kind": text(kind), "body": text(body)}

    @staticmethod
    def _key(kind, created_at):
        # One Editor's Note per article; a correction is the one written at that moment.
        return kind if kind == EditorNote.Kind.EDITORS_NOTE else f"{kind}@{created_at}"

    def current(self, article):
        notes = EditorNote.objects.filter(article=article).public().order_by("created_at", "pk")
        return [
            (str(n.pk), self._key(n.kind, n.created_at.isoformat()), self._values(n.kind, n.body))
            for n in notes
        ]  # fmt: skip

    def loaded(self, snapshot):
        return {
            self._key(n["kind"], n["created_at"]): self._values(n["kind"], n["body"])
            for n in snapshot.get("notes", [])
        }

    def key(self, row, current_by_pk, loaded=None):
        if row.pk in current_by_pk:
            return current_by_pk[row.pk]
        if row.values.get("kind") == EditorNote.Kind.EDITORS_NOTE:
            return EditorNote.Kind.EDITORS_NOTE
        if row.pk:  # deleted since it was loaded: the loaded note it still reads as, if any
            gone = set(loaded or {}) - set(current_by_pk.values())
            return next((k for k in sorted(gone) if loaded[k] == row.values), None)
        return None  # a new correction

    def describe(self, values):
        return REMOVED if values is None else values["body"]

    def labels(self, keys):
        labels = {}
        for key in keys:
            kind, _, when = key.partition("@")
            labels[key] = (
                "Editor's Note" if kind == EditorNote.Kind.EDITORS_NOTE
                else f"Correction of {when[:10]}"
            )  # fmt: skip
        return labels


ROW_KINDS = {kind.prefix: kind for kind in (BylineRows(), PublicNoteRows())}


# --- merging and choosing ----------------------------------------------------------------------


def merge_rows(kind, data, fields, article, loaded, *, fk_name):
    """The formset's POST ``data`` merged onto the rows in the database now; returns the new data
    and the conflicts. ``loaded`` is the snapshot the person started from (None: unknown)."""
    current = kind.current(article)
    current_by_pk = {pk: key for pk, key, _ in current}
    theirs = {key: values for _, key, values in current}
    base = kind.loaded(loaded) if loaded is not None else {}
    if not fields:  # a read-only inline: nothing of this person's to apply
        rows = [Row(pk, values) for pk, _, values in current]
        return write_rows(data.copy(), kind.prefix, rows, parent_pk=article.pk,
                          fk_name=fk_name), []  # fmt: skip
    mine, unkeyed = {}, []
    for row in read_rows(data, kind.prefix, fields):
        key = kind.key(row, current_by_pk, base)
        was = current_by_pk.get(row.pk)
        if was is not None and was != key and was in base:
            mine.setdefault(was, None)  # the row now names someone else: the old one is gone
        if key is None or mine.get(key) is not None:
            if not row.deleted:
                unkeyed.append(Row("", row.values, raw=_without_id(row.raw)))
            continue
        mine[key] = None if row.deleted else row.values

    def only(values):
        return None if values is None else {f: values.get(f, "") for f in fields}

    results, conflicts = {}, []
    labels = kind.labels(list(dict.fromkeys([*theirs, *mine, *base])))
    for key in dict.fromkeys([*theirs, *mine]):
        # A row this person did not post is one they never saw (added since): as loaded.
        b, m, t = only(base.get(key)), only(mine.get(key, base.get(key))), only(theirs.get(key))
        decision = three_way(b, m, t, known_base=loaded is not None)
        if decision == THEIRS:
            results[key] = t
        elif decision == MINE or not fields:
            results[key] = m
        elif m is not None and t is not None:
            known = loaded is not None and b is not None
            results[key] = _merge_fields(kind, labels[key], key, (b, m, t), fields, conflicts,
                                         known_base=known)  # fmt: skip
        else:
            results[key] = m
            conflicts.append(Conflict(f"{kind.prefix}|{key}", labels[key], kind.describe(m),
                                      kind.describe(t)))  # fmt: skip
    rows = []
    for pk, key, values in current:
        result = results.get(key)
        rows.append(Row(pk, result or values, deleted=result is None))
    rows += [Row("", results[key]) for key in results if key not in theirs and results[key]]
    rows += unkeyed
    return write_rows(data.copy(), kind.prefix, rows, parent_pk=article.pk, fk_name=fk_name), (
        conflicts
    )


def _merge_fields(kind, label, key, versions, fields, conflicts, *, known_base):
    """A row both changed, field by field."""
    base, mine, theirs = versions
    merged = {}
    for field in fields:
        b = base[field] if base else None
        decision = three_way(b, mine[field], theirs[field], known_base=known_base)
        merged[field] = theirs[field] if decision == THEIRS else mine[field]
        if decision is None:
            name = field.replace("_", " ")
            conflicts.append(Conflict(f"{kind.prefix}|{key}|{field}", f"{label} — {name}",
                                      mine[field], theirs[field]))  # fmt: skip
    return merged


def keep_theirs(kind, data, fields, article, chosen, *, fk_name):
    """Apply the person's “Keep theirs” choices (``prefix|key`` or ``prefix|key|field``) to the
    formset's POST ``data``, from the rows in the database now."""
    current = kind.current(article)
    current_by_pk = {pk: key for pk, key, _ in current}
    theirs = {key: (pk, values) for pk, key, values in current}
    rows = read_rows(data, kind.prefix, fields)
    for choice in chosen:
        key, _, field = choice.removeprefix(f"{kind.prefix}|").partition("|")
        row = next((r for r in rows if kind.key(r, current_by_pk) == key), None)
        pk, values = theirs.get(key, (None, None))
        if field and row is not None and values is not None and field in fields:
            row.values[field] = values[field]
        elif not field and values is None and row is not None:
            if row.pk:
                row.deleted = True
            else:
                rows.remove(row)
        elif not field and values is not None:
            if row is None:
                row = next((r for r in rows if r.pk == pk), None)
            if row is not None:
                row.pk, row.values, row.deleted = pk, dict(values), False
    return write_rows(data.copy(), kind.prefix, rows, parent_pk=article.pk, fk_name=fk_name)


def _without_id(raw):
    return {k: v for k, v in (raw or {}).items() if k not in ("id", "DELETE")}
