from sqlalchemy import select

from xasach.store.models import Person
from xasach.store.search import fts_query, search_person_ids

UNIT = "00070"


def add(db, *names, **extra):
    ids = {}
    with db.session() as s:
        for name in names:
            p = Person(unit_code=UNIT, full_name=name, **extra)
            s.add(p)
            s.flush()
            ids[name] = p.id
    return ids


def names_for(db, query, limit=50):
    with db.reader() as s:
        ids = search_person_ids(s, query, limit=limit)
        by_id = {p.id: p.full_name for p in s.scalars(select(Person).where(Person.id.in_(ids)))}
    return [by_id[i] for i in ids]


def test_unaccented_lowercase_finds_the_accented_name(db):
    add(db, "Nguyễn Văn Đức", "Trần Thị Lan")
    assert names_for(db, "nguyen van duc") == ["Nguyễn Văn Đức"]
    assert names_for(db, "Nguyen Van Duc") == ["Nguyễn Văn Đức"]
    assert names_for(db, "Đức") == ["Nguyễn Văn Đức"]


def test_folding_is_intended_and_exact_accents_rank_first(db):
    add(db, "Lê Văn Dực", "Phạm Dức Anh", "Nguyễn Văn Đức")
    assert set(names_for(db, "duc")) == {"Lê Văn Dực", "Phạm Dức Anh", "Nguyễn Văn Đức"}
    assert names_for(db, "Đức")[0] == "Nguyễn Văn Đức"
    assert names_for(db, "Dực")[0] == "Lê Văn Dực"


def test_decomposed_query_matches(db):
    add(db, "Nguyễn Văn Đức")
    assert names_for(db, "Nguye\u0302\u0303n") == ["Nguyễn Văn Đức"]


def test_search_by_other_name_id_number_and_address(db):
    add(
        db,
        "Hoàng Văn Tý",
        other_names="Tý Sẹo",
        id_number="001090123456",
        address_text="Số 5 Thôn Đông",
    )
    assert names_for(db, "seo") == ["Hoàng Văn Tý"]
    assert names_for(db, "001090") == ["Hoàng Văn Tý"]
    assert names_for(db, "thon dong") == ["Hoàng Văn Tý"]


def test_prefix_words(db):
    add(db, "Nguyễn Văn Đức")
    assert names_for(db, "nguy va du") == ["Nguyễn Văn Đức"]


def test_index_follows_renames_and_deletes(db):
    ids = add(db, "Nguyễn Văn Đức")
    with db.session() as s:
        s.get(Person, ids["Nguyễn Văn Đức"]).full_name = "Nguyễn Văn Hùng"
    assert names_for(db, "duc") == []
    assert names_for(db, "hung") == ["Nguyễn Văn Hùng"]
    with db.session() as s:
        s.get(Person, ids["Nguyễn Văn Đức"]).soft_delete()
    assert names_for(db, "hung") == []


def test_query_syntax_cannot_break_the_search(db):
    add(db, "Nguyễn Văn Đức")
    for query in ['"', "duc OR", "NEAR(", "*", "a:b", "-duc", "'); DROP TABLE person; --"]:
        names_for(db, query)  # no exception
    assert fts_query("  ,.;  ") is None
    assert names_for(db, "") == []
